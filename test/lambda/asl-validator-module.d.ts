/** asl-validator ships no types; this is the part of its API the tests use. */
declare module "asl-validator" {
  interface ValidationOptions {
    checkPaths?: boolean;
    checkArn?: boolean;
  }

  interface ValidationResult {
    isValid: boolean;
    errors: { "Error code": string; Message: string }[];
    errorsText(separator?: string): string;
  }

  export default function aslValidator(definition: unknown, options?: ValidationOptions): ValidationResult;
}
