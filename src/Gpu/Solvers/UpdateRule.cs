using ActorNet.Gpu.Backends;

namespace ActorNet.Gpu.Solvers;

/// <summary>Which per-parameter update a solver applies, and how many history blobs it keeps per parameter.</summary>
internal enum UpdateRule
{
    Sgd,
    Nesterov,
    AdaGrad,
    RmsProp,
    AdaDelta,
    Adam,
}

/// <summary>Maps solver types to rules and runs one rule's kernel.</summary>
internal static class UpdateRules
{
    public static UpdateRule Parse(SolverParameter p)
    {
        string type = p.HasType || !p.HasSolverType ? p.Type : p.SolverType.ToString();
        return type.ToUpperInvariant() switch
        {
            "SGD" => UpdateRule.Sgd,
            "NESTEROV" => UpdateRule.Nesterov,
            "ADAGRAD" => UpdateRule.AdaGrad,
            "RMSPROP" => UpdateRule.RmsProp,
            "ADADELTA" => UpdateRule.AdaDelta,
            "ADAM" => UpdateRule.Adam,
            _ => throw new NotSupportedException($"Solver type '{type}' is not supported (SGD, Nesterov, AdaGrad, RMSProp, AdaDelta, Adam are)."),
        };
    }

    /// <summary>History blobs per parameter: AdaDelta and Adam keep two.</summary>
    public static int HistoryCount(UpdateRule rule) => rule is UpdateRule.AdaDelta or UpdateRule.Adam ? 2 : 1;

    public static void Apply(UpdateRule rule, IComputeBackend backend, SolverParameter p, int iter, float localRate,
        Blob param, Blob history, Blob? history2)
    {
        int n = param.Count;
        switch (rule)
        {
            case UpdateRule.Sgd:
                backend.SgdUpdate(n, localRate, p.Momentum, param.Diff, history.Data);
                break;
            case UpdateRule.Nesterov:
                backend.NesterovUpdate(n, localRate, p.Momentum, param.Diff, history.Data);
                break;
            case UpdateRule.AdaGrad:
                backend.AdaGradUpdate(n, localRate, p.Delta, param.Diff, history.Data);
                break;
            case UpdateRule.RmsProp:
                backend.RmsPropUpdate(n, localRate, p.RmsDecay, p.Delta, param.Diff, history.Data);
                break;
            case UpdateRule.AdaDelta:
                backend.AdaDeltaUpdate(n, localRate, p.Momentum, p.Delta, param.Diff, history.Data, history2!.Data);
                break;
            default:
                int t = iter + 1;
                float correction = MathF.Sqrt(1f - MathF.Pow(p.Momentum2, t)) / (1f - MathF.Pow(p.Momentum, t));
                backend.AdamUpdate(n, localRate, p.Momentum, p.Momentum2, p.Delta, correction, param.Diff, history.Data, history2!.Data);
                break;
        }
    }
}
