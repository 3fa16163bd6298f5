import { requestCertificateSchema } from '@multpanel/contracts';
import { createZodDto } from 'nestjs-zod';

export class RequestCertificateDto extends createZodDto(requestCertificateSchema) {}
