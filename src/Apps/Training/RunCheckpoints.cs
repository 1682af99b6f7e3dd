namespace ActorNet.Training;

/// <summary>
/// The apps' <c>--checkpoint-every N</c> and <c>--resume DIR</c>: checkpoints go to <c>&lt;out&gt;/checkpoints</c>, and a
/// run resumes from a checkpoint folder or from a previous run's output folder holding one.
/// </summary>
/// <param name="EveryRounds">Rounds between checkpoints (one is also written after the last round).</param>
/// <param name="ResumeFrom">A checkpoint folder or a previous run's <c>--out</c> folder, or null to start afresh.</param>
public sealed record RunCheckpoints(int EveryRounds, string? ResumeFrom)
{
    /// <summary>The checkpoint folder inside an app's output folder.</summary>
    public static string FolderIn(string outputFolder) => Path.Combine(outputFolder, "checkpoints");

    /// <summary>Throws an <see cref="ArgumentException"/> naming the option that is out of range or names no checkpoint.</summary>
    public void Validate()
    {
        if (EveryRounds < 1) throw new ArgumentException($"--checkpoint-every must be at least 1, not {EveryRounds}");
        if (ResumeFrom is not null && !Directory.Exists(ResumeFrom))
            throw new ArgumentException($"--resume {ResumeFrom}: no such folder");
    }

    /// <summary>Makes <paramref name="trainer"/> write checkpoints under <paramref name="outputFolder"/> and resume when asked.</summary>
    public DistributedTrainer Apply(DistributedTrainer trainer, string outputFolder)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        trainer.WithCheckpoint(FolderIn(outputFolder), EveryRounds);
        if (ResumeFrom is not null)
            trainer.WithResume(Directory.Exists(FolderIn(ResumeFrom)) ? FolderIn(ResumeFrom) : ResumeFrom);
        return trainer;
    }
}
