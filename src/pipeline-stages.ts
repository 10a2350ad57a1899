/** The stages a build can stop after and print (`--emit`). Kept apart so the CLI can name them without loading the pipeline. */
export const STAGES = ['article', 'summary', 'markdown', 'docdef', 'pdf'] as const;
export type Stage = (typeof STAGES)[number];
