using System.Globalization;

namespace ActorNet.Training;

/// <summary>
/// The apps' <c>--base-lr</c>, <c>--no-lr-scaling</c> and <c>--lr-warmup</c>: the per-worker base_lr (else the solver
/// prototxt's), linear scaling with the number of workers (on unless turned off) and its warm-up.
/// </summary>
/// <param name="BaseLr">The per-worker base_lr before scaling, or null for the solver prototxt's.</param>
/// <param name="Scale">False with <c>--no-lr-scaling</c>: the workers train with the base_lr as it is.</param>
/// <param name="WarmupIterations">Iterations of the linear ramp from the base_lr to the scaled rate.</param>
public sealed record RunLearningRate(float? BaseLr, bool Scale = true, int WarmupIterations = 0)
{
    /// <summary>Throws an <see cref="ArgumentException"/> naming the option that is out of range.</summary>
    public void Validate()
    {
        if (BaseLr is float lr && !(lr > 0)) throw new ArgumentException($"--base-lr must be positive, not {lr}");
        if (WarmupIterations < 0) throw new ArgumentException($"--lr-warmup must be 0 or more, not {WarmupIterations}");
    }

    /// <summary>Sets the solver's base_lr when one was given (before the trainer is made from it).</summary>
    public void ApplyTo(Gpu.SolverParameter solver)
    {
        ArgumentNullException.ThrowIfNull(solver);
        Validate();
        if (BaseLr is float lr) solver.BaseLr = lr;
    }

    /// <summary>Turns scaling and its warm-up on <paramref name="trainer"/> on or off as asked.</summary>
    public DistributedTrainer Apply(DistributedTrainer trainer)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        return trainer.WithLearningRateScaling(Scale).WithLearningRateWarmup(WarmupIterations);
    }

    /// <summary>The start line's learning rate: e.g. <c>lr 0.04 (0.01 × 4 workers, linear scaling)</c>.</summary>
    public string Describe(DistributedTrainer trainer, TrainingMode mode, float baseLr, int workers)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(mode);
        float lr = trainer.LearningRateFor(workers);
        string how = !Scale ? "not scaled: --no-lr-scaling"
            : mode.LearningRateFactor(workers) == 1 ? (workers == 1 ? "1 worker" : "not scaled: each asynchronous push is applied on its own")
            : string.Create(CultureInfo.InvariantCulture, $"{baseLr:0.######} × {workers} workers, linear scaling{(WarmupIterations > 0 ? $", warm-up over {WarmupIterations} iterations" : "")}");
        return string.Create(CultureInfo.InvariantCulture, $"lr {lr:0.######} ({how})");
    }
}
