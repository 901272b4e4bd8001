/**
 * Reads a page and its generateMetadata both need, memoized for one request (React cache):
 * a comparison's runs and series, or an experiment, are read once per request, not twice.
 * Keyed by strings, since cache compares arguments by identity.
 */
import { cache } from 'react';
import { getComparisonData } from '@/lib/compare/queries';
import { getExperiment } from '@/lib/experiments/queries';

/** The comparison of these runs (ids comma-separated, as the address holds them). */
export const comparisonData = cache((ids: string) => getComparisonData(ids.split(',')));

export const experimentById = cache((id: string) => getExperiment(id));
