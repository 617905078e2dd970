/** The part of Vite's `import.meta` this app uses (Vite replaces the call at build time). */
interface ImportMeta {
  glob<T>(pattern: string, options: { eager: true }): Record<string, T>;
}
