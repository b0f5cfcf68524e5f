import { ApolloServerErrorCode } from "@apollo/server/errors";
import { GraphQLError, locatedError, type GraphQLFormattedError } from "graphql";
import {
  BadUserInputError,
  ForbiddenError,
  InternalError,
  RateLimitedError,
  UnauthenticatedError,
} from "../../src/errors/app-errors";
import { classifyError } from "../../src/errors/classify-error";
import { ErrorCode } from "../../src/errors/error-code";
import { createFormatError } from "../../src/errors/format-error";

/** An error as graphql-js hands a resolver's failure to Apollo: located at a path, the original inside. */
const fromResolver = (error: unknown) => locatedError(error, undefined, ["exchangeSession"]);
const apolloError = (message: string, code: string) => new GraphQLError(message, { extensions: { code } });

describe("classifyError", () => {
  it("lets the BFF's own errors through with their code, message and extensions", () => {
    expect(classifyError(fromResolver(new RateLimitedError(30)))).toEqual({
      code: ErrorCode.RATE_LIMITED,
      expected: true,
      message: "Too many requests; try again later.",
      extensions: { code: ErrorCode.RATE_LIMITED, retryAfter: 30 },
    });
    expect(classifyError(new ForbiddenError())).toMatchObject({ code: ErrorCode.FORBIDDEN, expected: true });
    expect(classifyError(fromResolver(new UnauthenticatedError()))).toMatchObject({ expected: true });
  });

  it.each([
    ApolloServerErrorCode.GRAPHQL_PARSE_FAILED,
    ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED,
    ApolloServerErrorCode.BAD_USER_INPUT,
    ApolloServerErrorCode.BAD_REQUEST,
    ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE,
    ApolloServerErrorCode.PERSISTED_QUERY_NOT_FOUND,
    ApolloServerErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
  ])("shows Apollo's %s as BAD_USER_INPUT with its message", (code) => {
    expect(classifyError(apolloError("Your request is wrong.", code))).toEqual({
      code: ErrorCode.BAD_USER_INPUT,
      expected: true,
      message: "Your request is wrong.",
      extensions: { code: ErrorCode.BAD_USER_INPUT },
    });
  });

  it("shows an uncoded 4xx refusal (a persisted query whose hash does not match) as BAD_USER_INPUT", () => {
    const mismatch = new GraphQLError("provided sha does not match query", {
      extensions: { http: { status: 400 } },
    });
    expect(classifyError(mismatch)).toMatchObject({ code: ErrorCode.BAD_USER_INPUT, expected: true });
  });

  it.each([
    ["a plain Error from a resolver", fromResolver(new Error("socket hang up at 10.0.0.7"))],
    ["an InternalError", fromResolver(new InternalError("impossible"))],
    ["a GraphQLError without a code", new GraphQLError("something with upstream text")],
    ["a code we do not know", apolloError("x", "SOME_LIBRARY_CODE")],
    ["Apollo's own INTERNAL_SERVER_ERROR", apolloError("x", ApolloServerErrorCode.INTERNAL_SERVER_ERROR)],
    ["a 5xx without a code", new GraphQLError("x", { extensions: { http: { status: 503 } } })],
    ["a request code on a non-Error", { message: "x", extensions: { code: "BAD_USER_INPUT" } }],
    ["a thrown string", "boom"],
    ["nothing", undefined],
  ])("masks %s as an unexpected INTERNAL_SERVER_ERROR", (_name, error) => {
    expect(classifyError(error)).toEqual({
      code: ErrorCode.INTERNAL_SERVER_ERROR,
      expected: false,
      message: "Internal server error.",
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    });
  });

  it("removes graphql-js's hints from variable coercion errors when schema details are hidden", () => {
    const coercion = apolloError(
      'Variable "$m" got invalid value "TOTPX"; Value "TOTPX" does not exist in "MfaMethod" enum. Did you mean the enum value "TOTP"?',
      ApolloServerErrorCode.BAD_USER_INPUT,
    );
    expect(classifyError(coercion, { hideSchemaDetails: true }).message).toBe(
      'Variable "$m" got invalid value "TOTPX"; Value "TOTPX" does not exist in "MfaMethod" enum.',
    );
    expect(classifyError(coercion).message).toMatch(/Did you mean the enum value "TOTP"\?$/);
  });

  it("never rewrites the BFF's own messages", () => {
    const own = new BadUserInputError("Did you mean to send a code?", "code");
    expect(classifyError(own, { hideSchemaDetails: true })).toMatchObject({
      message: "Did you mean to send a code?",
      extensions: { code: ErrorCode.BAD_USER_INPUT, argumentName: "code" },
    });
  });
});

describe("createFormatError", () => {
  const formatError = createFormatError({ hideSchemaDetails: true });
  const formatted = (error: GraphQLError): GraphQLFormattedError => ({
    ...error.toJSON(),
    extensions: { ...error.extensions, code: error.extensions.code ?? "INTERNAL_SERVER_ERROR" },
  });

  it("answers as classifyError says, with the path and locations of an expected error", () => {
    const error = new GraphQLError('Cannot query field "viewr" on type "Query".', {
      extensions: { code: ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED },
    });
    const shown = formatError({ ...formatted(error), locations: [{ line: 1, column: 3 }] }, error);
    expect(shown).toEqual({
      message: 'Cannot query field "viewr" on type "Query".',
      path: undefined,
      locations: [{ line: 1, column: 3 }],
      extensions: { code: ErrorCode.BAD_USER_INPUT },
    });
  });

  it("keeps only the path of a masked error", () => {
    const error = fromResolver(new Error("upstream said: secret"));
    const shown = formatError({ ...formatted(error), locations: [{ line: 1, column: 12 }] }, error);
    expect(shown).toEqual({
      message: "Internal server error.",
      path: ["exchangeSession"],
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    });
    expect(JSON.stringify(shown)).not.toContain("secret");
  });
});
