/** Saves a JSON value as a file download. */
export function downloadJson(o: { fileName: string; value: unknown }): void {
  const blob = new Blob([JSON.stringify(o.value, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = o.fileName.replace(/[\\/:*?"<>|]+/g, '_');
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/** Reads a file the user picked as JSON; throws a readable error when it is not JSON. */
export async function readJsonFile(file: File): Promise<unknown> {
  const text = await file.text();
  return JSON.parse(text);
}
