namespace ActorNet.Bench.Soak;

/// <summary>
/// Whether a series grows without bound: the least-squares slope over the second half of the run, projected over that
/// half, against a tolerance (the first half is warm-up: JIT, pools, caches filling).
/// </summary>
internal static class Trend
{
    public static (double Slope, double Growth, bool Grows) SecondHalf(IReadOnlyList<(double X, double Y)> points, double tolerance)
    {
        var half = points.Where(p => !double.IsNaN(p.Y)).Skip(points.Count / 2).ToList();
        if (half.Count < 3) return (0, 0, false);
        double mx = half.Average(p => p.X), my = half.Average(p => p.Y);
        double sxx = half.Sum(p => (p.X - mx) * (p.X - mx));
        double slope = sxx == 0 ? 0 : half.Sum(p => (p.X - mx) * (p.Y - my)) / sxx;
        double growth = slope * (half[^1].X - half[0].X);
        return (slope, growth, growth > tolerance);
    }
}
