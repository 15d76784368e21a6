/** 打印: the page's print stylesheet leaves the navigation and the forms out. */
export default function PrintButton() {
  return (
    <button type="button" class="btn secondary no-print" onClick={() => globalThis.print()}>
      打印
    </button>
  );
}
