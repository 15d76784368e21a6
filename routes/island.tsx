import type { ComponentType } from "preact";

let counter = 0;

/**
 * Server-side island marker: the component's SSR output inside `data-island`, its props as JSON
 * beside it. islands/client.ts finds the markers and hydrates each with its props.
 */
export function Island<P extends object>(
  { name, component: Component, props }: { name: string; component: ComponentType<P>; props: P },
) {
  const id = `island-props-${++counter}`;
  const json = JSON.stringify(props).replaceAll("<", "\\u003c");
  return (
    <>
      <div data-island={name} data-props={id}>
        <Component {...props} />
      </div>
      <script type="application/json" id={id} dangerouslySetInnerHTML={{ __html: json }} />
    </>
  );
}
