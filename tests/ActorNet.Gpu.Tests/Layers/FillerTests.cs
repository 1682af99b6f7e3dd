using ActorNet.Gpu.Fillers;

namespace ActorNet.Gpu.Tests.Layers;

public class FillerTests
{
    private static float[] Fill(FillerParameter p, params int[] shape)
    {
        var blob = new Blob(shape);
        Filler.Fill(p, blob, new Random(3));
        return blob.GetData();
    }

    [Fact]
    public void ConstantAndUniform()
    {
        Assert.All(Fill(new FillerParameter { Type = "constant", Value = 2.5f }, 3, 4), v => Assert.Equal(2.5f, v));
        var u = Fill(new FillerParameter { Type = "uniform", Min = -2, Max = 3 }, 1000);
        Assert.All(u, v => Assert.InRange(v, -2f, 3f));
        Assert.InRange(u.Average(), 0.2, 0.8);
    }

    [Fact]
    public void GaussianMeanStdAndSparse()
    {
        var g = Fill(new FillerParameter { Type = "gaussian", Mean = 1, Std = 2 }, 20000);
        double mean = g.Average();
        double std = Math.Sqrt(g.Select(v => (v - mean) * (v - mean)).Average());
        Assert.InRange(mean, 0.95, 1.05);
        Assert.InRange(std, 1.95, 2.05);
        var sparse = Fill(new FillerParameter { Type = "gaussian", Std = 1, Sparse = 5 }, 20, 500);
        Assert.InRange(sparse.Count(v => v != 0f) / (double)sparse.Length, 0.2, 0.3); // keep 5/20
    }

    [Theory]
    [InlineData(FillerParameter.Types.VarianceNorm.FanIn, 8 * 9)]
    [InlineData(FillerParameter.Types.VarianceNorm.FanOut, 4 * 9)]
    [InlineData(FillerParameter.Types.VarianceNorm.Average, (8 * 9 + 4 * 9) / 2)]
    public void XavierAndMsraUseCaffesFans(FillerParameter.Types.VarianceNorm norm, int n)
    {
        int[] shape = { 4, 8, 3, 3 };
        Assert.Equal(n, Filler.FanNorm(new FillerParameter { VarianceNorm = norm }, new Blob(shape)));
        float limit = MathF.Sqrt(3f / n);
        var x = Fill(new FillerParameter { Type = "xavier", VarianceNorm = norm }, shape);
        Assert.All(x, v => Assert.InRange(v, -limit, limit));
        Assert.True(x.Max() > limit * 0.8f);
        // Many samples with the same fan-in/fan-out: 40 x 80 x 3 x 3 has fan_in 720, fan_out 360.
        var msra = new FillerParameter { Type = "msra", VarianceNorm = norm };
        float bigN = Filler.FanNorm(msra, new Blob(40, 80, 3, 3));
        var big = Fill(msra, 40, 80, 3, 3);
        double std = Math.Sqrt(big.Select(v => (double)v * v).Average());
        Assert.InRange(std, Math.Sqrt(2.0 / bigN) * 0.95, Math.Sqrt(2.0 / bigN) * 1.05);
    }

    [Fact]
    public void SameSeedSameValues()
    {
        var p = new FillerParameter { Type = "xavier" };
        Assert.Equal(Fill(p, 5, 6), Fill(p, 5, 6));
    }
}
