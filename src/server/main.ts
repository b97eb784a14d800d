// The zoo.cfg language server entry (filled in by the language-server issue).
export {};
