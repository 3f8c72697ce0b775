// Browser file helpers for import/export (works the same in Electron's renderer).

/** Offers `text` as a download named `name`. */
export function download(name: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Lets the trader pick a file and resolves with its text (null when cancelled). */
export function pickFileText(accept: string): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.onchange = () => {
      const file = input.files?.[0];
      if (!file) return resolve(null);
      file.text().then(resolve, (e: unknown) => reject(new Error(`could not read ${file.name}: ${String(e)}`)));
    };
    input.oncancel = () => resolve(null);
    input.click();
  });
}
