#pragma once
/// \file
/// The statistics the report draws besides those of eval/statistics.hpp (whose acf() and pacf() the
/// ACF/PACF charts use): moving averages, histogram densities, the normal distribution and QQ-plot
/// quantiles.

#include <cstddef>
#include <span>
#include <vector>

namespace stockcast::report {

/// Trailing simple moving average: out[t] = mean(x[t-window+1..t]); NaN for t < window - 1.
/// Throws InvalidInput when window is 0.
std::vector<double> moving_average(std::span<const double> x, std::size_t window);

/// Histogram densities over `bins` equal bins on [lo, hi]: density[i] = count_i / (n_inside * width),
/// so the bars integrate to one over the values inside; values outside [lo, hi] are not counted.
/// Throws InvalidInput when bins is 0 or hi <= lo.
std::vector<double> histogram_density(std::span<const double> x, double lo, double hi, std::size_t bins);

/// Density of the normal distribution N(mean, sd²) at x.
double normal_pdf(double x, double mean, double sd);

/// Quantile function of the standard normal distribution (Wichura's AS 241, about 1e-16 relative
/// accuracy) for p in (0, 1); throws InvalidInput otherwise.
double normal_quantile(double p);

/// The p-quantile of sorted values by linear interpolation between order statistics (numpy's
/// default, "linear"); `sorted` must be sorted and non-empty.
double sorted_quantile(std::span<const double> sorted, double p);

}  // namespace stockcast::report
