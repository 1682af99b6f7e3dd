namespace ActorNet.Gpu.Solvers;

/// <summary>Caffe's SGDSolver::GetLearningRate for every lr_policy.</summary>
internal static class LearningRatePolicy
{
    /// <summary>The rate at <paramref name="iter"/>; multistep advances <paramref name="currentStep"/> as Caffe does.</summary>
    public static float Rate(SolverParameter p, int iter, ref int currentStep)
    {
        string policy = p.LrPolicy;
        switch (policy)
        {
            case "fixed":
                return p.BaseLr;
            case "step":
                RequirePositive(p.Stepsize, "stepsize", policy);
                currentStep = iter / p.Stepsize;
                return p.BaseLr * MathF.Pow(p.Gamma, currentStep);
            case "exp":
                return p.BaseLr * MathF.Pow(p.Gamma, iter);
            case "inv":
                return p.BaseLr * MathF.Pow(1f + p.Gamma * iter, -p.Power);
            case "multistep":
                if (currentStep < p.Stepvalue.Count && iter >= p.Stepvalue[currentStep])
                {
                    currentStep++;
                }
                return p.BaseLr * MathF.Pow(p.Gamma, currentStep);
            case "poly":
                RequirePositive(p.MaxIter, "max_iter", policy);
                return p.BaseLr * MathF.Pow(1f - (float)iter / p.MaxIter, p.Power);
            case "sigmoid":
                return p.BaseLr * (1f / (1f + MathF.Exp(-p.Gamma * (iter - p.Stepsize))));
            default:
                throw new NotSupportedException(
                    $"Solver lr_policy '{policy}' is not supported (fixed, step, exp, inv, multistep, poly, sigmoid are).");
        }
    }

    private static void RequirePositive(int value, string field, string policy)
    {
        if (value <= 0)
        {
            throw new InvalidOperationException($"Solver lr_policy '{policy}' needs {field} > 0 (got {value}).");
        }
    }
}
