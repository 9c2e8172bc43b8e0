/** Shows exactly what the assistant was told about the page, after redaction, so users can trust it. */
export function InstructionsPreview({ instructions }: { instructions: string }) {
  if (!instructions) return null;
  return (
    <details class="preview">
      <summary>What the assistant was told</summary>
      <pre>{instructions}</pre>
    </details>
  );
}
