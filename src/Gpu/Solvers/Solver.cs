using ActorNet.Gpu.Nets;
using ActorNet.Gpu.Solvers;

namespace ActorNet.Gpu;

/// <summary>
/// Trains a <see cref="Net"/> with Caffe's solver semantics: SGD (momentum, L2/L1 weight decay), Nesterov,
/// AdaGrad, RMSProp, AdaDelta and Adam; every lr_policy; clip_gradients; iter_size gradient accumulation;
/// snapshots of weights (.caffemodel) and solver state (.solverstate) and resuming from them.
/// </summary>
public sealed partial class Solver
{
    private readonly UpdateRule rule;
    private readonly List<LearnableParam> parameters;
    private readonly List<Blob> history = new();
    private readonly Queue<float> recentLosses = new();
    private int currentStep;

    /// <summary>Creates a solver for an existing training net.</summary>
    public Solver(SolverParameter param, Net net)
    {
        ArgumentNullException.ThrowIfNull(param);
        ArgumentNullException.ThrowIfNull(net);
        Param = param.Clone();
        Net = net;
        rule = UpdateRules.Parse(Param);
        if (Param.Momentum != 0f && rule is UpdateRule.AdaGrad or UpdateRule.RmsProp)
        {
            throw new InvalidOperationException($"Solver type {Param.Type} cannot use momentum (got {Param.Momentum}).");
        }
        if (Param.IterSize < 1)
        {
            throw new InvalidOperationException($"Solver iter_size must be at least 1 (got {Param.IterSize}).");
        }
        parameters = net.Learnable.ToList();
        for (int h = 0; h < UpdateRules.HistoryCount(rule); h++)
        {
            foreach (var p in parameters)
            {
                history.Add(new Blob(net.Backend, p.Blob.Shape));
            }
        }
    }

    /// <summary>The solver settings.</summary>
    public SolverParameter Param { get; }

    /// <summary>The net being trained.</summary>
    public Net Net { get; }

    /// <summary>Completed iterations.</summary>
    public int Iteration { get; private set; }

    /// <summary>Mean loss over the last average_loss iterations.</summary>
    public float SmoothedLoss => recentLosses.Count == 0 ? 0f : recentLosses.Average();

    /// <summary>The learning rate the next update will use.</summary>
    public float LearningRate
    {
        get
        {
            int step = currentStep;
            return LearningRatePolicy.Rate(Param, Iteration, ref step);
        }
    }

    /// <summary>
    /// Runs <paramref name="iterations"/> training iterations; before each forward pass <paramref name="feed"/>
    /// (when given) fills the net's input blobs. Returns the smoothed loss.
    /// </summary>
    public float Step(int iterations, Action<Net>? feed = null)
    {
        for (int i = 0; i < iterations; i++)
        {
            ComputeGradients(feed);
            ApplyGradients();
        }
        return SmoothedLoss;
    }

    /// <summary>
    /// The first half of an iteration: clears the gradients and runs iter_size forward/backward passes (feeding the
    /// net before each), leaving their summed gradients in the learned blobs' diffs. Returns the iteration's loss.
    /// Distributed training combines workers' gradients here before <see cref="ApplyGradients"/>.
    /// </summary>
    public float ComputeGradients(Action<Net>? feed = null)
    {
        Net.ClearParamDiffs();
        double loss = 0;
        for (int k = 0; k < Param.IterSize; k++)
        {
            feed?.Invoke(Net);
            loss += Net.ForwardBackward();
        }
        float mean = (float)(loss / Param.IterSize);
        RecordLoss(mean);
        return mean;
    }

    /// <summary>
    /// Moves the solver to <paramref name="iteration"/> (the learning-rate schedule follows; the history stays): for
    /// distributed workers, whose iterations are counted across the cluster rather than by one solver.
    /// </summary>
    public void JumpTo(int iteration)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(iteration);
        Iteration = iteration;
        currentStep = Param.LrPolicy == "multistep" ? Param.Stepvalue.Count(v => iteration >= v) : 0;
    }

    /// <summary>
    /// The second half of an iteration (Caffe's ApplyUpdate): turns the gradients in the diffs into this iteration's
    /// step (iter_size averaging, clipping, regularization, the solver's rule with its history) and applies it.
    /// </summary>
    public void ApplyGradients() => ApplyUpdate();

    /// <summary>
    /// For a parameter server that keeps the momentum history: turns the gradients in the diffs into plain SGD's
    /// step of this iteration, lr·lr_mult·(gradient + decay·weight) after iter_size averaging and clipping, leaves
    /// it in the diffs and advances <see cref="Iteration"/> without changing the weights. A server applying
    /// history = momentum·history + step; weight −= history then takes exactly Caffe's SGD step.
    /// </summary>
    /// <exception cref="InvalidOperationException">The solver is not SGD (its rule needs state the server does not keep).</exception>
    public void GradientsToStep()
    {
        if (rule != UpdateRule.Sgd)
        {
            throw new InvalidOperationException($"Solver type {Param.Type} cannot run on a parameter server; its steps need per-parameter state (SGD's can).");
        }
        float rate = LearningRatePolicy.Rate(Param, Iteration, ref currentStep);
        ClipGradients();
        var backend = Net.Backend;
        foreach (var p in parameters)
        {
            var blob = p.Blob;
            if (Param.IterSize > 1)
            {
                backend.Scale(blob.Count, 1f / Param.IterSize, blob.Diff, 0);
            }
            Regularize(p);
            backend.Scale(blob.Count, rate * p.LrMult, blob.Diff, 0);
        }
        Iteration++;
    }

    /// <summary>Turns the accumulated gradients into the step of this iteration and applies it (Caffe's ApplyUpdate).</summary>
    internal void ApplyUpdate()
    {
        float rate = LearningRatePolicy.Rate(Param, Iteration, ref currentStep);
        ClipGradients();
        var backend = Net.Backend;
        for (int i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            var blob = p.Blob;
            if (Param.IterSize > 1)
            {
                backend.Scale(blob.Count, 1f / Param.IterSize, blob.Diff, 0);
            }
            Regularize(p);
            UpdateRules.Apply(rule, backend, Param, Iteration, rate * p.LrMult, blob, history[i],
                history.Count > parameters.Count ? history[parameters.Count + i] : null);
        }
        Net.Update();
        Iteration++;
    }

    private void Regularize(LearnableParam p)
    {
        float decay = Param.WeightDecay * p.DecayMult;
        if (decay == 0f)
        {
            return;
        }
        switch (Param.RegularizationType)
        {
            case "L2":
                Net.Backend.Axpy(p.Blob.Count, decay, p.Blob.Data, 0, p.Blob.Diff, 0);
                break;
            case "L1":
                Net.Backend.AddSign(p.Blob.Count, decay, p.Blob.Data, 0, p.Blob.Diff, 0);
                break;
            default:
                throw new NotSupportedException($"Solver regularization_type '{Param.RegularizationType}' is not supported (L1, L2 are).");
        }
    }

    private void ClipGradients()
    {
        float clip = Param.ClipGradients;
        if (clip < 0f)
        {
            return;
        }
        double sumsq = 0;
        foreach (var p in parameters)
        {
            sumsq += Net.Backend.SumSquares(p.Blob.Count, p.Blob.Diff, 0);
        }
        float norm = (float)Math.Sqrt(sumsq);
        if (norm > clip)
        {
            float scale = clip / norm;
            foreach (var p in parameters)
            {
                Net.Backend.Scale(p.Blob.Count, scale, p.Blob.Diff, 0);
            }
        }
    }

    private void RecordLoss(float loss)
    {
        recentLosses.Enqueue(loss);
        while (recentLosses.Count > Math.Max(1, Param.AverageLoss))
        {
            recentLosses.Dequeue();
        }
    }
}
