import 'reflect-metadata';
import { AppLogger } from './common/logging/app-logger';
import { AppConfig } from './config/app-config';
import { ConfigError } from './config/env.schema';
import { createApiApp } from './http/create-api-app';
import { installGracefulShutdown } from './http/graceful-shutdown';

async function bootstrap(): Promise<void> {
  let config: AppConfig;
  try {
    config = AppConfig.fromProcess();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const app = await createApiApp(config, { shutdownHooks: false });
  const logger = app.get(AppLogger);
  installGracefulShutdown(app, (msg) => logger.log(msg));
  await app.listen(config.env.PORT, config.env.HOST);
  logger.log(`API listening on http://${config.env.HOST}:${config.env.PORT}/api`);
}

void bootstrap();
