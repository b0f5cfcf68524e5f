import "reflect-metadata";
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { buildSchemaSync } from "type-graphql";
import { ExchangeSessionResolver } from "./exchange/exchange-session.resolver";
import { PrimaryAuthRequiredResolver } from "./exchange/primary-auth-required.resolver";
import { SignInResolver } from "./sign-in/sign-in.resolver";
import { MemberResolver } from "./member/member.resolver";
import { MfaResolver } from "./mfa/mfa.resolver";
import { MemberSessionResolver } from "./session/member-session.resolver";
import { SignOutResolver } from "./sign-out/sign-out.resolver";
import { ViewerResolver } from "./viewer/viewer.resolver";

export const RESOLVERS = [
  ViewerResolver,
  ExchangeSessionResolver,
  MfaResolver,
  SignInResolver,
  PrimaryAuthRequiredResolver,
  SignOutResolver,
  MemberResolver,
  MemberSessionResolver,
] as const;

/** The executable schema, built from the decorated classes (the code is the source of truth). */
export function buildSchema(): GraphQLSchema {
  return buildSchemaSync({ resolvers: RESOLVERS, validate: false });
}

/** The committed schema.graphql: sorted, so that diffs show real changes only. */
export function printSortedSchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + "\n";
}
