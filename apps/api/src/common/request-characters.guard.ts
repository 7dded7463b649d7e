import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Request } from 'express';
import { ValidationFailedError } from './app-error';
import { characterProblems } from './characters';

/**
 * Path parameters and query values PostgreSQL could not compare (a NUL, an unpaired surrogate)
 * are refused as a bad request, not left to fail inside a query as a server error.
 */
@Injectable()
export class RequestCharactersGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    const problems = [
      ...characterProblems({ ...req.params }, null),
      ...characterProblems({ ...(req.query as object) }, null),
    ];
    if (problems.length > 0) throw new ValidationFailedError('INVALID_REQUEST', problems);
    return true;
  }
}
