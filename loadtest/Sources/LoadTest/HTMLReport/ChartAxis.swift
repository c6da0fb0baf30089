import Foundation

/// Where a chart draws its data inside the SVG, in pixels from the top left.
struct PlotArea {
    var left: Double, right: Double, top: Double, bottom: Double

    var middleX: Double { (left + right) / 2 }
    var middleY: Double { (top + bottom) / 2 }
}

/// A labelled position on a chart axis.
struct ChartTick: Equatable {
    var value: Double
    var label: String
}

/// Maps data values onto pixels, linearly or on a log(1 + v) scale: the latter shows
/// 0 ms and a one-hour tail on one axis, and is all but logarithmic above a few ms.
struct ChartScale {
    var domain: ClosedRange<Double>
    /// Pixels of the domain's lower and upper bound (upside down for a y axis).
    var range: (from: Double, to: Double)
    var logarithmic = false

    func callAsFunction(_ value: Double) -> Double {
        let (low, high, v) = (transform(domain.lowerBound), transform(domain.upperBound), transform(value))
        guard high > low else { return range.from }
        return range.from + (v - low) / (high - low) * (range.to - range.from)
    }

    private func transform(_ value: Double) -> Double { logarithmic ? log10(1 + max(0, value)) : value }
}

/// Tick choice for the report's axes.
enum ChartTicks {
    /// A "nice" step (1, 2, 2.5 or 5 × 10ⁿ) that cuts `span` into about `count` parts.
    static func niceStep(_ span: Double, count: Int = 5) -> Double {
        guard span > 0 else { return 1 }
        let raw = span / Double(count)
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        return step
    }

    /// Ticks from 0 to a nice value at or above `maximum`; the last one is the axis top.
    static func linear(upTo maximum: Double, count: Int = 5, minimumStep: Double = 0, label: (Double) -> String) -> [ChartTick] {
        let step = max(niceStep(maximum, count: count), minimumStep)
        let top = max(step, (maximum / step).rounded(.up) * step)
        return stride(from: 0, through: top + step / 1000, by: step).map { ChartTick(value: $0, label: label($0)) }
    }

    /// Ticks for seconds since the run's start, on steps a clock reads well.
    static func time(upTo seconds: Double) -> [ChartTick] {
        let steps: [Double] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400]
        let step = steps.first { seconds / $0 <= 8 } ?? (seconds / 8 / 86400).rounded(.up) * 86400
        // Within two minutes every label in seconds; beyond, all as a clock.
        let label = { (value: Double) in seconds <= 120 ? "\(Int(value)) s" : ReportFormat.clock(value) }
        return stride(from: 0, through: seconds + step / 1000, by: step).map { ChartTick(value: $0, label: label($0)) }
    }

    /// Ticks for a log(1 + v) latency axis from `low` to `high` ms: 1-2-5 per decade, or
    /// finer when the range spans less than a few decades, at most about `count` of them.
    static func logarithmic(from low: Double, to high: Double, count: Int = 10) -> [ChartTick] {
        let steps: [[Double]] = [[1], [1, 2, 5], [1, 1.5, 2, 3, 4, 5, 6, 8], [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 9]]
        var chosen: [Double] = []
        for mantissas in steps {
            var values: [Double] = low <= 0 ? [0] : []
            var decade = pow(10, floor(log10(max(1, low))))
            while decade <= high {
                values += mantissas.map { $0 * decade }.filter { $0 >= low && $0 <= high && $0 >= 1 }
                decade *= 10
            }
            // The coarsest set with at least five ticks, as long as it is not crowded.
            if values.count > count, !chosen.isEmpty { break }
            chosen = values
            if values.count >= 5 { break }
        }
        if chosen.count < 3 {
            // A narrow range (1.1 to 1.4 s, say): evenly spaced whole milliseconds instead.
            let step = max(1, niceStep(high - low))
            chosen = Array(stride(from: (low / step).rounded(.up) * step, through: high, by: step))
        }
        return chosen.map { ChartTick(value: $0, label: ReportFormat.milliseconds($0)) }
    }
}
