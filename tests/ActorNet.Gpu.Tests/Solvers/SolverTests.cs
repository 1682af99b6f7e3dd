using ActorNet.Gpu.Tests.Support;

namespace ActorNet.Gpu.Tests.Solvers;

public class SolverTests
{
    /// <summary>A net whose only parameter is a 2-vector (InnerProduct 2 -> 1, no bias).</summary>
    private static Net TwoParameterNet()
    {
        var net = new NetParameter { Name = "two" };
        net.Layer.Add(P.Input("x", 1, 2));
        var ip = P.Ip("w", "x", "y", 1);
        ip.InnerProductParam.BiasTerm = false;
        net.Layer.Add(ip);
        return new Net(net, Phase.Train);
    }

    // Gradient of f(w) = 0.5 * (3 w0^2 + w1^2) - w0: a fixed quadratic the test and the solver share.
    private static double[] Gradient(double[] w) => new[] { 3 * w[0] - 1, w[1] };

    private static void RunAgainstFormula(SolverParameter sp, Func<int, double, double[], double[], double[], double[], double> expectedStep)
    {
        var net = TwoParameterNet();
        var blob = net.LayerParams("w")[0];
        blob.SetData(new[] { 1f, -2f });
        var solver = new Solver(sp, net);
        double[] w = { 1, -2 };
        var h1 = new double[2];
        var h2 = new double[2];
        for (int iter = 0; iter < 5; iter++)
        {
            var g = Gradient(w);
            net.ClearParamDiffs();
            blob.SetDiff(g.Select(v => (float)v).ToArray());
            solver.ApplyUpdate();
            for (int i = 0; i < 2; i++)
            {
                // The formula updates history in place and returns the step subtracted from w.
                double step = expectedStep(iter, g[i] + sp.WeightDecay * (sp.RegularizationType == "L1" ? Math.Sign(w[i]) : w[i]), h1, h2, w, new[] { (double)i });
                w[i] -= step;
            }
            var actual = blob.GetData();
            Assert.Equal(w[0], actual[0], 1e-4);
            Assert.Equal(w[1], actual[1], 1e-4);
        }
    }

    [Fact]
    public void SgdWithMomentumAndL2()
    {
        var sp = new SolverParameter { Type = "SGD", BaseLr = 0.1f, LrPolicy = "fixed", Momentum = 0.9f, WeightDecay = 0.01f };
        RunAgainstFormula(sp, (_, g, h, _, _, i) => h[(int)i[0]] = 0.1 * g + 0.9 * h[(int)i[0]]);
    }

    [Fact]
    public void SgdWithL1()
    {
        var sp = new SolverParameter { Type = "SGD", BaseLr = 0.1f, LrPolicy = "fixed", WeightDecay = 0.05f, RegularizationType = "L1" };
        RunAgainstFormula(sp, (_, g, _, _, _, _) => 0.1 * g);
    }

    [Fact]
    public void Nesterov()
    {
        var sp = new SolverParameter { Type = "Nesterov", BaseLr = 0.1f, LrPolicy = "fixed", Momentum = 0.9f };
        RunAgainstFormula(sp, (_, g, h, _, _, ix) =>
        {
            int i = (int)ix[0];
            double prev = h[i];
            h[i] = 0.9 * prev + 0.1 * g;
            return 1.9 * h[i] - 0.9 * prev;
        });
    }

    [Fact]
    public void AdaGrad()
    {
        var sp = new SolverParameter { Type = "AdaGrad", BaseLr = 0.5f, LrPolicy = "fixed", Delta = 1e-8f };
        RunAgainstFormula(sp, (_, g, h, _, _, ix) =>
        {
            int i = (int)ix[0];
            h[i] += g * g;
            return 0.5 * g / (Math.Sqrt(h[i]) + 1e-8);
        });
    }

    [Fact]
    public void RmsProp()
    {
        var sp = new SolverParameter { Type = "RMSProp", BaseLr = 0.05f, LrPolicy = "fixed", RmsDecay = 0.9f, Delta = 1e-6f };
        RunAgainstFormula(sp, (_, g, h, _, _, ix) =>
        {
            int i = (int)ix[0];
            h[i] = 0.9 * h[i] + 0.1 * g * g;
            return 0.05 * g / (Math.Sqrt(h[i]) + 1e-6);
        });
    }

    [Fact]
    public void AdaDelta()
    {
        var sp = new SolverParameter { Type = "AdaDelta", BaseLr = 1f, LrPolicy = "fixed", Momentum = 0.95f, Delta = 1e-6f };
        RunAgainstFormula(sp, (_, g, h, u, _, ix) =>
        {
            int i = (int)ix[0];
            h[i] = 0.95 * h[i] + 0.05 * g * g;
            double step = g * Math.Sqrt((u[i] + 1e-6) / (h[i] + 1e-6));
            u[i] = 0.95 * u[i] + 0.05 * step * step;
            return step;
        });
    }

    [Fact]
    public void Adam()
    {
        var sp = new SolverParameter { Type = "Adam", BaseLr = 0.01f, LrPolicy = "fixed", Momentum = 0.9f, Momentum2 = 0.999f, Delta = 1e-8f };
        RunAgainstFormula(sp, (iter, g, m, v, _, ix) =>
        {
            int i = (int)ix[0];
            int t = iter + 1;
            m[i] = 0.9 * m[i] + 0.1 * g;
            v[i] = 0.999 * v[i] + 0.001 * g * g;
            double correction = Math.Sqrt(1 - Math.Pow(0.999, t)) / (1 - Math.Pow(0.9, t));
            return 0.01 * correction * m[i] / (Math.Sqrt(v[i]) + 1e-8);
        });
    }

    [Theory]
    [InlineData("fixed", 0, 0.1)]
    [InlineData("step", 25, 0.1 * 0.25)]       // stepsize 10: floor(25/10) = 2 steps
    [InlineData("exp", 3, 0.1 * 0.125)]
    [InlineData("inv", 4, 0.1 / 3.0)]          // (1 + 0.5*4)^-1
    [InlineData("poly", 50, 0.1 * 0.5)]        // (1 - 50/100)^1
    [InlineData("sigmoid", 10, 0.05)]          // 1/(1+e^0)
    public void LearningRatePolicies(string policy, int iter, double expected)
    {
        var sp = new SolverParameter { BaseLr = 0.1f, LrPolicy = policy, Gamma = policy is "inv" or "step" ? (policy == "inv" ? 0.5f : 0.5f) : 0.5f, Stepsize = 10, Power = 1f, MaxIter = 100 };
        int step = 0;
        Assert.Equal(expected, Gpu.Solvers.LearningRatePolicy.Rate(sp, iter, ref step), 5);
    }

    [Fact]
    public void MultistepAdvancesAtEachStepValue()
    {
        var sp = new SolverParameter { BaseLr = 1f, LrPolicy = "multistep", Gamma = 0.1f };
        sp.Stepvalue.AddRange(new[] { 2, 4 });
        int step = 0;
        var rates = Enumerable.Range(0, 6).Select(i => Gpu.Solvers.LearningRatePolicy.Rate(sp, i, ref step)).ToArray();
        Assert.Equal(new[] { 1f, 1f, 0.1f, 0.1f, 0.01f, 0.01f }, rates.Select(r => MathF.Round(r, 6)));
    }

    [Fact]
    public void ClipGradientsAndIterSizeScaleTheGradient()
    {
        var net = TwoParameterNet();
        var blob = net.LayerParams("w")[0];
        blob.SetData(new[] { 0f, 0f });
        var solver = new Solver(new SolverParameter { BaseLr = 1f, LrPolicy = "fixed", ClipGradients = 1f, IterSize = 2 }, net);
        blob.SetDiff(new[] { 6f, 8f }); // norm 10 -> clipped to 1, then divided by iter_size 2
        solver.ApplyUpdate();
        Assert.Equal(new[] { -0.3f, -0.4f }, blob.GetData().Select(v => MathF.Round(v, 6)));
    }

    [Fact]
    public void UnknownTypeAndPolicyAreErrors()
    {
        Assert.Throws<NotSupportedException>(() => new Solver(new SolverParameter { Type = "LBFGS" }, TwoParameterNet()));
        var solver = new Solver(new SolverParameter { LrPolicy = "cosine" }, TwoParameterNet());
        Assert.Contains("cosine", Assert.Throws<NotSupportedException>(() => solver.LearningRate).Message);
    }
}
