// The HTTP answers of the query API, as the API writes them and the dashboard reads them. Types
// and constants only, importing no package: the dashboard bundles them as they are.
export * from './customer-journeys';
export * from './friction-points';
export * from './journey-map';
export * from './journey-variants';
export * from './projections';
