namespace ActorNet.Rdd.Scheduling;

/// <summary>A running action: its final stage, which outputs have arrived, and who waits for the result.</summary>
internal sealed class ActiveJob(int jobId, ResultStage finalStage, string? jobGroup, Action<int, object?> resultHandler)
{
    // Completed when every output arrived, faulted when the job failed or was cancelled.
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int JobId { get; } = jobId;

    public ResultStage FinalStage { get; } = finalStage;

    public string? JobGroup { get; } = jobGroup;

    public bool[] Finished { get; } = new bool[finalStage.Partitions.Length];

    public int NumFinished { get; set; }

    public Task Completion => _completion.Task;

    public void TaskSucceeded(int outputId, object? result)
    {
        resultHandler(outputId, result);
        Finished[outputId] = true;
        if (++NumFinished == Finished.Length) _completion.TrySetResult();
    }

    public void Fail(Exception error) => _completion.TrySetException(error);
}
