import Foundation
import TaskBridgeCore
import Testing

/// The alert rule: a jump to 3× the baseline with enough events raises once; staying below 1.5× for a window resolves.
@Suite(.timeLimit(.minutes(3))) struct AlertRuleTests {
    /// Minute buckets: the window is the 5 up to minute 100, the baseline the 60 before.
    let rule = AlertRule(figure: .failed, window: 300, baseline: 3600, factor: 3, minEvents: 5)
    let last = 100 * 60

    private func buckets(_ values: [Int: Double]) -> [Int: Double] {
        Dictionary(uniqueKeysWithValues: values.map { ($0.key * 60, $0.value) })
    }

    private func evaluate(_ values: [Int: Double], open: (baselineRate: Double, raisedAt: Int)? = nil) -> AlertRule.Decision {
        let values = buckets(values)
        return rule.evaluate(values: values, events: values, lastBucket: last, bucketSeconds: 60, open: open)
    }

    @Test func aJumpFromNothingWithEnoughEventsRaises() {
        #expect(evaluate([98: 3, 99: 2, 100: 1]) == .raise(windowRate: 1.2, baselineRate: 0))
    }

    @Test func aJumpBelowTheFloorDoesNot() {
        #expect(evaluate([99: 2, 100: 2]) == .none)
    }

    @Test func steadyTrafficDoesNotRaise() {
        let steady = Dictionary(uniqueKeysWithValues: (35...100).map { ($0, 2.0) })
        #expect(evaluate(steady) == .none)
    }

    @Test func threeTimesTheBaselineExactlyDoesNotRaiseAndMoreDoes() {
        var values = Dictionary(uniqueKeysWithValues: (35...95).map { ($0, 1.0) })
        for minute in 96...100 { values[minute] = 3 }
        #expect(evaluate(values) == .none)
        values[100] = 4
        if case .raise(let window, let baseline) = evaluate(values) {
            #expect(window == 3.2)
            #expect(baseline == 1)
        } else {
            Issue.record("expected a raise")
        }
    }

    @Test func anOpenAlertResolvesOnlyAfterAWholeWindowBelowOneAndAHalfTimesItsBaseline() {
        let open = (baselineRate: 2.0, raisedAt: 90 * 60)
        // 3 a minute is at 1.5× a baseline of 2: not below it.
        #expect(evaluate([96: 1, 97: 1, 98: 3, 99: 1, 100: 1], open: open) == .none)
        #expect(evaluate([96: 1, 97: 2, 98: 2, 99: 1, 100: 0], open: open) == .resolve)
        // Raised within the window: not resolved yet, however calm.
        #expect(evaluate([:], open: (baselineRate: 2.0, raisedAt: 99 * 60)) == .none)
    }

    @Test func aBaselineOfNothingResolvesOnlyOnAWindowOfNothing() {
        let open = (baselineRate: 0.0, raisedAt: 80 * 60)
        #expect(evaluate([100: 1], open: open) == .none)
        #expect(evaluate([90: 9], open: open) == .resolve)
    }

    @Test func theLagRuleCountsObservationsForItsFloorAndComparesLevels() {
        let lag = AlertRule(figure: .lagP95, window: 300, baseline: 3600, factor: 3, minEvents: 5)
        var values = buckets(Dictionary(uniqueKeysWithValues: (35...95).map { ($0, 0.5) }))
        for minute in 96...100 { values[minute * 60] = 5 }
        let few = buckets([100: 4])
        let many = buckets([99: 3, 100: 3])
        #expect(lag.evaluate(values: values, events: few, lastBucket: last, bucketSeconds: 60, open: nil) == .none)
        #expect(lag.evaluate(values: values, events: many, lastBucket: last, bucketSeconds: 60, open: nil)
            == .raise(windowRate: 5, baselineRate: 0.5))
    }
}

/// How counts become points: per type, the lag's percentile from its histogram, the workers seen.
@Suite(.timeLimit(.minutes(3))) struct StatsFieldsTests {
    @Test func aBucketsHashBecomesItsPoints() {
        let fields = [
            StatsFields.field(.accepted, type: "bug"), StatsFields.field(.trello429, type: nil),
            StatsFields.lagBucket(LagHistogram.bucket(milliseconds: 80)), StatsFields.lagBucket(LagHistogram.bucket(milliseconds: 4000)),
            StatsFields.worker("w1"), StatsFields.worker("w2"), "nonsense|x",
        ]
        let points = StatsFields.points(of: zip(fields, [3, 2, 19, 1, 0, 0, 5]).map { ($0, $1) })
        #expect(points.contains(StatsPoint(figure: .accepted, type: "bug", value: 3)))
        #expect(points.contains(StatsPoint(figure: .trello429, type: "", value: 2)))
        #expect(points.contains(StatsPoint(figure: .lagObservations, type: "", value: 20)))
        // 19 of 20 within 100 ms: the 95th percentile is that bucket's bound.
        #expect(points.contains(StatsPoint(figure: .lagP95, type: "", value: 0.1)))
        #expect(points.contains(StatsPoint(figure: .workers, type: "", value: 2)))
        #expect(points.count == 5)
    }

    @Test func thePercentileIsTheUpperBoundOfItsBucket() {
        #expect(LagHistogram.quantileSeconds(0.95, counts: [:]) == nil)
        #expect(LagHistogram.quantileSeconds(0.95, counts: [0: 90, 5: 10]) == 5)
        #expect(LagHistogram.bucket(milliseconds: 999_999_999) == LagHistogram.boundsMilliseconds.count - 1)
    }

    @Test(arguments: [("90s", 90), ("5m", 300), ("24h", 86_400), ("7d", 604_800)])
    func durationsAreRead(text: String, seconds: Int) {
        #expect(HistoryQuery.seconds(text) == seconds)
    }

    @Test(arguments: ["", "5", "m", "0m", "-5m", "8d", "1w", "5 m", "99999999999999999d"])
    func badDurationsAreRefused(text: String) {
        #expect(HistoryQuery.seconds(text) == nil)
    }

    @Test func theGridEndsWithTheStepNowFallsIn() {
        let grid = HistoryQuery(window: 3600, step: 300).grid(now: Date(timeIntervalSince1970: 7_205))
        #expect(grid == 3_900...7_200)
    }
}
