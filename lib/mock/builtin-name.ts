/** The built-in mock target's name (kept apart so pages need not import the mock server). */
export const BUILTIN_MOCK_NAME = 'Mock OpenAI (built-in)';
