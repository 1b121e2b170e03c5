// The jest project `postgres` (jest.config.js): its suites' servers serve PostgreSQL (./engine.ts).
process.env.TEST_ENGINE = 'postgres';
