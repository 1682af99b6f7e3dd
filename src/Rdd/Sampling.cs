namespace ActorNet.Rdd;

/// <summary>Per-partition samplers (Spark's BernoulliSampler, PoissonSampler, BernoulliCellSampler and StratifiedSamplingUtils) and TakeSample's helpers.</summary>
internal static class Sampling
{
    public static IEnumerable<T> Sample<T>(IEnumerable<T> items, bool withReplacement, double fraction, long seed)
    {
        var rng = new XorShiftRandom(seed);
        foreach (var item in items)
        {
            if (!withReplacement)
            {
                if (rng.NextDouble() < fraction) yield return item;
                continue;
            }
            for (var k = Poisson(rng, fraction); k > 0; k--) yield return item;
        }
    }

    /// <summary>Elements whose draw falls in [lb, ub): disjoint ranges over one seed split the data exactly.</summary>
    public static IEnumerable<T> Range<T>(IEnumerable<T> items, double lb, double ub, long seed)
    {
        var rng = new XorShiftRandom(seed);
        foreach (var item in items)
        {
            var x = rng.NextDouble();
            if (x >= lb && x < ub) yield return item;
        }
    }

    /// <summary>
    /// Spark's stratified sampling (sampleByKey): each pair is kept with its key's fraction as probability
    /// (Bernoulli), or a Poisson(fraction) number of times with replacement. A key without a fraction fails.
    /// </summary>
    public static IEnumerable<(K, V)> SampleByKey<K, V>(IEnumerable<(K, V)> items, bool withReplacement, Dictionary<K, double> fractions, long seed)
        where K : notnull
    {
        var rng = new XorShiftRandom(seed);
        foreach (var item in items)
        {
            if (item.Item1 is null || !fractions.TryGetValue(item.Item1, out var fraction))
                throw new KeyNotFoundException($"SampleByKey: no sampling fraction for key {item.Item1?.ToString() ?? "null"}; every key in the RDD needs one.");
            if (!withReplacement)
            {
                if (rng.NextDouble() < fraction) yield return item;
                continue;
            }
            for (var k = Poisson(rng, fraction); k > 0; k--) yield return item;
        }
    }

    /// <summary>
    /// Spark's SamplingUtils.computeFractionForSampleSize: a sampling fraction that yields at least
    /// <paramref name="num"/> of <paramref name="total"/> elements with probability about 0.9999, so TakeSample
    /// rarely needs a second pass.
    /// </summary>
    public static double FractionForSampleSize(int num, long total, bool withReplacement)
    {
        if (withReplacement)
        {
            // PoissonBounds.getUpperBound: num + numStd·√num standard deviations, numStd by size.
            var numStd = num < 6 ? 12.0 : num < 16 ? 9.0 : 6.0;
            return Math.Max(num + numStd * Math.Sqrt(num), 1e-10) / total;
        }
        // BinomialBounds.getUpperBound with delta = 1e-4.
        var fraction = (double)num / total;
        var gamma = -Math.Log(1e-4) / total;
        return Math.Min(1, Math.Max(1e-10, fraction + gamma + Math.Sqrt(gamma * gamma + 2 * gamma * fraction)));
    }

    /// <summary>Spark's Utils.randomizeInPlace: a Fisher–Yates shuffle from the last element down.</summary>
    public static T[] ShuffleInPlace<T>(T[] items, XorShiftRandom rng)
    {
        for (var i = items.Length - 1; i >= 1; i--)
        {
            var j = rng.NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
        return items;
    }

    // Knuth's method; fractions above ~30 are split into unit steps to keep e^-mean representable.
    private static int Poisson(XorShiftRandom rng, double mean)
    {
        var count = 0;
        while (mean > 30)
        {
            count += Poisson(rng, 30);
            mean -= 30;
        }
        var limit = Math.Exp(-mean);
        var p = rng.NextDouble();
        while (p > limit)
        {
            count++;
            p *= rng.NextDouble();
        }
        return count;
    }
}
