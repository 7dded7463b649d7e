import { AppError } from '../../common/app-error';
import { CustomerEvents, CustomerHistory } from '../customer-history';

/** The streams of a customer; CUSTOMER_NOT_FOUND when there are none. */
export async function knownStreams(
  history: CustomerHistory,
  customerId: string,
): Promise<string[]> {
  const streams = await history.streamsOf(customerId);
  if (streams.length === 0) throw notFound(customerId);
  return streams;
}

/** The history of a customer; CUSTOMER_NOT_FOUND when there is none. */
export async function loadKnown(
  history: CustomerHistory,
  customerId: string,
): Promise<CustomerEvents> {
  const loaded = await history.load(customerId);
  if (loaded.streams.length === 0) throw notFound(customerId);
  return loaded;
}

const notFound = (customerId: string) =>
  new AppError('CUSTOMER_NOT_FOUND', `No events of customer "${customerId}"`, { customerId });
