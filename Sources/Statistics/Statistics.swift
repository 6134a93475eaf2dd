// The Statistics module: intervals, exact and asymptotic tests, effect sizes and multiple-comparison
// corrections for the study's rates (design: ../shared/design/scenarios.md §7).
//
// Everything here is a pure function of its arguments over Sendable value types; nothing reads or
// writes files, the clock or randomness. Reference values come from scipy through
// scripts/reference/statistics_reference.py and are checked in Tests/StatisticsTests.
//
//   Proportion, ConfidenceInterval, Alternative     Core.swift
//   wilsonInterval                                  WilsonInterval.swift
//   binomialTest                                    BinomialTest.swift
//   twoProportionZTest                              TwoProportionZTest.swift
//   fisherExactTest, TwoByTwoTable                  FisherExactTest.swift
//   fisherCombinedPValue                            PValueCombination.swift
//   holmAdjusted, benjaminiHochbergAdjusted, …      MultipleComparisons.swift
//   riskDifference, riskRatio                       EffectSizes.swift
//   SpecialFunctions                                SpecialFunctions.swift
