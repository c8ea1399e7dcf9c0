// Types for htl 0.3 (the package ships none): tagged templates that build DOM from HTML or SVG text,
// escaping interpolated values. A template with one root element returns that element.
declare module "htl" {
  type Template = (strings: TemplateStringsArray, ...values: unknown[]) => any;
  export const html: Template & { fragment: (strings: TemplateStringsArray, ...values: unknown[]) => DocumentFragment };
  export const svg: Template & { fragment: (strings: TemplateStringsArray, ...values: unknown[]) => DocumentFragment };
}
