import { type INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import express from 'express';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { ApiExceptionFilter } from './common/api-exception.filter.js';
import { createValidationPipe } from './common/validation.js';
import { rejectUnsafeInput } from './common/request-shape.js';
import { PinoNestLogger } from './common/logger.js';
import { PraxisIoAdapter } from './realtime/socket-io.adapter.js';

const WEB_DIST = path.resolve(import.meta.dirname, '../../web/dist');
const REQUEST_ID = /^[A-Za-z0-9._-]{8,80}$/;

/**
 * Builds the Nest application with everything a request meets before a controller: logging with a
 * request id, security headers, body limits, cookies, validation, the error shape, OpenAPI, and
 * the web app's static files. Used by main.ts and by the tests alike.
 */
export async function createApp(config: AppConfig, databaseUrl: string, logger: Logger): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl), {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
  });
  // Only a configured proxy may name the client address (X-Forwarded-For); by default nobody can.
  app.set('trust proxy', config.trustProxy);
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/api/health' },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      serializers: { req: (req) => ({ id: req.id, method: req.method, url: req.url?.split('?')[0] }) },
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'blob:'],
          // 'self' covers the app's own ws:/wss: socket (CSP Level 3); bare ws:/wss: would let a script talk to any host.
          'connect-src': ["'self'"],
          'font-src': ["'self'", 'data:'],
          'frame-ancestors': ["'none'"],
          'form-action': ["'self'"],
          // The app embeds no frame: an <iframe srcdoc> or javascript: frame that slipped past the sanitiser loads nothing.
          'frame-src': ["'none'"],
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use(express.json({ limit: config.bodyLimit }));
  app.use(express.urlencoded({ extended: false, limit: config.bodyLimit }));
  app.use(rejectUnsafeInput);
  app.use(cookieParser());
  app.enableCors({ origin: config.webOrigins, credentials: true });
  app.setGlobalPrefix('api/v1', {
    exclude: [
      { path: 'api/health', method: RequestMethod.GET },
      { path: 'api/ready', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter());
  // No enableShutdownHooks(): Nest's own signal listeners re-raise the signal after app.close() and
  // kill the process before main.ts has stopped the embedded PostgreSQL. main.ts handles the signals.
  app.useWebSocketAdapter(new PraxisIoAdapter(app));
  setupOpenApi(app);
  serveWebApp(app);
  return app;
}

function setupOpenApi(app: INestApplication) {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Praxis API')
      .setDescription('REST API of the Praxis knowledge hub. Lists answer { items, nextCursor }; errors { statusCode, error, message, details? }.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', useGlobalPrefix: false });
}

/** The built web app, with every non-API path answered by index.html (client-side routes). */
function serveWebApp(app: NestExpressApplication) {
  if (!existsSync(path.join(WEB_DIST, 'index.html'))) return;
  app.useStaticAssets(WEB_DIST, { index: false, maxAge: '1h', setHeaders: (res, file) => {
    if (file.includes(`${path.sep}assets${path.sep}`)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
  } });
  const server = app.getHttpAdapter().getInstance() as express.Express;
  server.get(/^\/(?!api(\/|$)|socket\.io(\/|$)).*/, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(path.join(WEB_DIST, 'index.html'));
  });
}
