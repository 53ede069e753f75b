// Runs before each test file: whatever tempDir() made is removed after the file's own afterAll hooks
// (hooks run as a stack, and this one is registered first), so a failed assertion leaves nothing behind.
import { afterAll } from 'vitest';
import { removeTempDirs } from './helpers.js';

afterAll(removeTempDirs);
