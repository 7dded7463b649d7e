// The touchpoint data of the tests has one home in the shared test helpers.
export { touchpointData } from '../../../test/touchpoint-data';
