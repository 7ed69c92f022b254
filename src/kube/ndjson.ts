/**
 * Newline-delimited JSON, as a watch response streams it: splits a byte stream into lines
 * (a line may arrive across several chunks, and a chunk may carry several lines; multi-byte
 * UTF-8 sequences may be split between chunks) and yields each non-empty line.
 */

export async function* ndjsonLines(stream: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of stream) {
    buffered += decoder.decode(chunk, { stream: true });
    let newline = buffered.indexOf("\n");
    while (newline >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line !== "") yield line;
      newline = buffered.indexOf("\n");
    }
  }
  const rest = (buffered + decoder.decode()).trim();
  if (rest !== "") yield rest;
}
