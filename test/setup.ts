// Runs before each test file: whatever tempDir() made is removed after the file's own afterAll hooks
// (hooks run as a stack, and this one is registered first), so a failed assertion leaves nothing behind.
import { afterAll } from 'vitest';
import { removeTempDirs, tempDir } from './helpers.js';

// A build keeps its state in the user's cache folder ($XDG_CACHE_HOME): each test file, and every
// CLI it starts, uses its own, so nothing is left in ~/.cache.
process.env.XDG_CACHE_HOME = tempDir('pm-cache-');

afterAll(removeTempDirs);
