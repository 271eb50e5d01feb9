const { loadTs } = require("./load-ts.cjs");

// The table's key schema, index and TTL come from the store's own definition.
module.exports.properties = async () => {
  const { TABLE_DEFINITION } = await loadTs("src/publish/store/table.ts");
  return {
    ...structuredClone(TABLE_DEFINITION),
    PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    SSESpecification: { SSEEnabled: true },
  };
};
