namespace ActorNet.Rdd.Tests;

/// <summary>The generator behind Repartition's starting positions and sampling reproduces Spark's sequence.</summary>
public class XorShiftRandomTests
{
    // new org.apache.spark.util.random.XORShiftRandom(seed).nextDouble() × 5, as printed by spark-shell
    // (published with the test suite of the Sail project's Rust port of the class).
    [Theory]
    [InlineData(1L, new[] { 0.6363787615254752, 0.5993846534021868, 0.134842710012538, 0.07684163905460906, 0.8539211111755448 })]
    [InlineData(24L, new[] { 0.3943255396952755, 0.48619924381941027, 0.2923951640552428, 0.33335316633280176, 0.3981939745854918 })]
    public void NextDoubleMatchesSpark(long seed, double[] expected)
    {
        var rng = new XorShiftRandom(seed);
        foreach (var value in expected) Assert.Equal(value, rng.NextDouble(), 15);
    }

    [Fact]
    public void NextIntStaysInBounds()
    {
        var rng = new XorShiftRandom(7);
        for (var i = 0; i < 1000; i++) Assert.InRange(rng.NextInt(5), 0, 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.NextInt(0));
    }
}
