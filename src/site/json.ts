/** JSON of an incident's file (a snapshot, Prometheus evidence); an Error saying why when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`not JSON (${(e as Error).message.split('\n')[0]})`);
  }
}
