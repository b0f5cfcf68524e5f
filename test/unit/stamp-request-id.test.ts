import { stampRequestId } from "../../src/errors/stamp-request-id";

const ID = "3f1c2a9e-0000-4000-8000-000000000000";

describe("stampRequestId", () => {
  it("adds the request id to every error's extensions, keeping their other fields and order", () => {
    const body =
      JSON.stringify({
        errors: [
          { message: "a", path: ["x"], extensions: { code: "FORBIDDEN" } },
          { message: "b", locations: [{ line: 1, column: 2 }] },
        ],
        data: null,
      }) + "\n";
    const stamped = stampRequestId(body, ID);
    expect(stamped).toBe(
      '{"errors":[{"message":"a","path":["x"],"extensions":{"code":"FORBIDDEN","requestId":"' +
        ID +
        '"}},{"message":"b","locations":[{"line":1,"column":2}],"extensions":{"requestId":"' +
        ID +
        '"}}],"data":null}\n',
    );
  });

  it("keeps the body's ending: a newline only when it had one", () => {
    const body = '{"errors":[{"message":"m","extensions":{"code":"BAD_USER_INPUT"}}]}';
    expect(stampRequestId(body, ID).endsWith("}")).toBe(true);
    expect(stampRequestId(body + "\n", ID).endsWith("}\n")).toBe(true);
  });

  it("replaces a request id already there rather than adding a second", () => {
    const body = '{"errors":[{"message":"m","extensions":{"requestId":"old","code":"X"}}]}';
    expect(JSON.parse(stampRequestId(body, ID)).errors[0].extensions).toEqual({ requestId: ID, code: "X" });
  });

  it.each([
    ["an answer without errors", '{"data":{"viewer":null}}\n'],
    ["errors only deep inside the data", '{"data":{"claims":{"errors":[{"message":"not ours"}]}}}\n'],
    ["a body that is not JSON", '<html>"errors"</html>'],
    ["errors that are not a list", '{"errors":"none"}'],
    ["a JSON array", '[{"errors":[]}]'],
  ])("leaves %s as it is", (_name, body) => {
    expect(stampRequestId(body, ID)).toBe(body);
  });

  it("leaves entries of the errors list that are not objects alone", () => {
    expect(JSON.parse(stampRequestId('{"errors":["text",{"message":"m"}]}', ID)).errors).toEqual([
      "text",
      { message: "m", extensions: { requestId: ID } },
    ]);
  });
});
