import path from 'node:path';

/** The admin the first-run test creates; every other test starts signed in as them. */
export const ADMIN = { email: 'admin@example.com', password: 'correct horse battery' };

/** Where the admin's signed-in browser state is kept between the setup and the tests. */
export const adminStatePath = () => path.join(process.env.E2E_DATA_DIR!, 'admin-state.json');
