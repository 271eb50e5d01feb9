/**
 * The findings table: one table, generic key names, one overloaded GSI
 * (docs/dynamodb-table.md). serverless.yml and the tests create it from
 * TABLE_DEFINITION, whose fields are named as both CreateTable and
 * AWS::DynamoDB::Table name them.
 */
import type { CreateTableCommandInput, UpdateTimeToLiveCommandInput } from "@aws-sdk/client-dynamodb";

export const PARTITION_KEY = "pk";
export const SORT_KEY = "sk";
export const GSI1 = "gsi1";
export const GSI1_PARTITION_KEY = "gsi1pk";
export const GSI1_SORT_KEY = "gsi1sk";
/** Epoch seconds; DynamoDB deletes the item some time after (typically within a few days). */
export const TTL_ATTRIBUTE = "expiresAt";

export const TABLE_DEFINITION = {
  AttributeDefinitions: [
    { AttributeName: PARTITION_KEY, AttributeType: "S" },
    { AttributeName: SORT_KEY, AttributeType: "S" },
    { AttributeName: GSI1_PARTITION_KEY, AttributeType: "S" },
    { AttributeName: GSI1_SORT_KEY, AttributeType: "S" },
  ],
  KeySchema: [
    { AttributeName: PARTITION_KEY, KeyType: "HASH" },
    { AttributeName: SORT_KEY, KeyType: "RANGE" },
  ],
  GlobalSecondaryIndexes: [
    {
      IndexName: GSI1,
      KeySchema: [
        { AttributeName: GSI1_PARTITION_KEY, KeyType: "HASH" },
        { AttributeName: GSI1_SORT_KEY, KeyType: "RANGE" },
      ],
      // Open findings are read whole from the index, with no follow-up GetItem.
      Projection: { ProjectionType: "ALL" },
    },
  ],
  BillingMode: "PAY_PER_REQUEST",
  TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
} as const satisfies Omit<CreateTableCommandInput, "TableName"> & { TimeToLiveSpecification: UpdateTimeToLiveCommandInput["TimeToLiveSpecification"] };

/** CreateTable input (TTL is a separate UpdateTimeToLive call in the API, unlike in CloudFormation). */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const { TimeToLiveSpecification: _ttl, ...definition } = structuredClone(TABLE_DEFINITION);
  return { ...(definition as Omit<CreateTableCommandInput, "TableName">), TableName: tableName };
}

export function timeToLiveInput(tableName: string): UpdateTimeToLiveCommandInput {
  return { TableName: tableName, TimeToLiveSpecification: { ...TABLE_DEFINITION.TimeToLiveSpecification } };
}

/**
 * IAM actions DynamoDbFindingsStore calls, on the table and on `<table arn>/index/gsi1`
 * (a run's deletes go through BatchWriteItem; the event path's are conditional DeleteItem calls). It never scans.
 */
export const TABLE_PERMISSIONS = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:Query"] as const;
