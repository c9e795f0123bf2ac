/**
 * The generic assistant: runs the stage's prompt over the outputs of the stages it names in
 * `inputs` and keeps the answer (text, or a JSON object with `"response": "json"`). This is
 * how a user adds a stage with a pipeline file and a prompt file, and no code.
 */

import { parseJsonObject } from "./json-output.ts";
import type { Assistant } from "./types.ts";

export const prompt: Assistant = {
  needsPrompt: true,
  async run(ctx): Promise<unknown> {
    const { request, outputs } = ctx.envelope;
    const input: Record<string, unknown> = {
      keyword: request.keyword,
      language: request.language,
      audience: request.audience,
      tone: request.tone,
    };
    for (const name of ctx.stage.inputs) input[name] = outputs[name];
    const json = ctx.stage.response === "json";
    const answer = await ctx.ask(input, { json });
    return json ? parseJsonObject(answer) : answer.trim();
  },
};
