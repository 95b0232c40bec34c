// The harness lives in the server package so that server tests can use it too (the server's
// TypeScript project cannot import files from tests/); end-to-end tests import it from here.
export { freePort, type RedisServer, startRedis } from "../../server/src/jobs/redis/test-redis.js";
