namespace ActorNet.Rdd;

/// <summary>Per-partition samplers (Spark's BernoulliSampler, PoissonSampler and BernoulliCellSampler).</summary>
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
