import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyEntity } from '@journey/records';
import { ApiKeyGuard, HEAVY_READ_LIMITER, RATE_LIMITER } from './api-key.guard';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { RateLimiter } from './rate-limiter';

export interface RateLimitSettings {
  readonly perSecond: number;
  readonly burst: number;
  /** Per key, for the routes marked @HeavyRead. */
  readonly heavyPerSecond: number;
  readonly heavyBurst: number;
}

@Module({})
export class AccessModule {
  static forRoot(rate: RateLimitSettings) {
    return {
      module: AccessModule,
      imports: [TypeOrmModule.forFeature([ApiKeyEntity])],
      controllers: [ApiKeysController],
      providers: [
        ApiKeysService,
        { provide: RATE_LIMITER, useValue: new RateLimiter(rate.perSecond, rate.burst) },
        {
          provide: HEAVY_READ_LIMITER,
          useValue: new RateLimiter(rate.heavyPerSecond, rate.heavyBurst),
        },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
      ],
      exports: [ApiKeysService],
    };
  }
}
