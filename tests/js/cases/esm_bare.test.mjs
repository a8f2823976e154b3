// Bare imports from a file that has node_modules above it.
import '../fixtures/bare.mjs';
