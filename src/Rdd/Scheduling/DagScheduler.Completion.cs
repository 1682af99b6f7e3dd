using ActorNet.Rdd.Shuffle;

namespace ActorNet.Rdd.Scheduling;

internal sealed partial class DagScheduler
{
    private void HandleTaskEnded(SchedulerTask task, TaskEndReason reason)
    {
        if (!_stages.TryGetValue(task.StageId, out var stage)) return;
        switch (reason)
        {
            case TaskSucceeded success:
                HandleSuccess(stage, task, success);
                break;
            case FetchFailed fetch:
                HandleFetchFailed(stage, task, fetch);
                break;
        }
    }

    private void HandleSuccess(Stage stage, SchedulerTask task, TaskSucceeded success)
    {
        switch (task)
        {
            case ResultTask rt when stage is ResultStage { Job: { } job }:
                // An action's updates count once per partition, even if an earlier attempt also finished.
                if (job.Finished[rt.OutputId]) return;
                MergeAccumulators(success);
                try
                {
                    job.TaskSucceeded(rt.OutputId, success.Value);
                }
                catch (Exception e)
                {
                    FailJob(job, new RddJobException($"The driver failed to handle the result of task {rt.PartitionId}: {e.Message}", e.GetType().FullName, e.Message, e.ToString()));
                    return;
                }
                if (job.NumFinished == job.Finished.Length)
                {
                    StageFinished(stage);
                    CleanupJob(job);
                    _bus?.Post(new Events.JobEnded(_bus.Now, job.JobId, true, null));
                }
                break;
            case ShuffleMapTask smt when stage is ShuffleMapStage mapStage:
                MergeAccumulators(success);
                _mapOutputs.RegisterMapOutput(mapStage.Dependency.ShuffleId, (MapStatus)success.Value!);
                if (task.StageAttempt == stage.LatestAttempt) stage.PendingPartitions.Remove(smt.PartitionId);
                if (_running.Contains(stage) && stage.PendingPartitions.Count == 0)
                {
                    StageFinished(stage);
                    if (!mapStage.IsAvailable) SubmitStage(mapStage);
                    else SubmitWaitingChildStages(mapStage);
                }
                break;
        }
    }

    private void MergeAccumulators(TaskSucceeded success)
    {
        foreach (var update in success.AccumulatorUpdates) _accumulators(update.Id)?.MergeUntyped(update);
    }

    private void HandleFetchFailed(Stage stage, SchedulerTask task, FetchFailed fetch)
    {
        // A failure of an attempt already given up on (another task of it failed first, and the stage waits for its
        // map stage to run again) changes nothing: acting on it would unregister outputs the re-run just produced and
        // run those map tasks once more. A map output it alone saw lost is found again by the next attempt.
        if (task.StageAttempt != stage.LatestAttempt || !_running.Contains(stage)) return;
        _running.Remove(stage);
        _bus?.Post(new Events.StageCompleted(_bus.Now, stage.Id, stage.LatestAttempt, $"a shuffle fetch failed: {fetch.Message}"));
        _taskScheduler.CancelTasks(stage.Id, "a shuffle fetch failed; the stage will be resubmitted");
        if (!_shuffleStages.TryGetValue(fetch.ShuffleId, out var mapStage)) return;
        // The output's executor (or its disk) is considered lost: forget everything it held for the shuffle.
        if (fetch.ExecutorId is { } lost) _mapOutputs.RemoveOutputsOnExecutor(fetch.ShuffleId, lost);
        if (fetch.MapId >= 0) _mapOutputs.UnregisterMapOutput(fetch.ShuffleId, fetch.MapId);

        if (++stage.FetchFailedAttempts > MaxFetchFailedAttempts)
        {
            AbortStage(stage, new RddJobException($"Stage {stage.Id} has failed the maximum allowable number of times: {MaxFetchFailedAttempts}. Most recent failure reason: {fetch.Message}"));
            return;
        }
        _failed.Add(stage);
        _failed.Add(mapStage);
        Post(ResubmitFailedStages);
    }

    /// <summary>
    /// An executor is gone: forget its map outputs and cached blocks. A running map stage notices the missing
    /// outputs when its tasks finish and resubmits them; a reduce stage gets fetch failures and the lost map
    /// outputs are recomputed from lineage.
    /// </summary>
    private void HandleExecutorLost(string executorId)
    {
        _mapOutputs.RemoveOutputsOnExecutor(executorId);
        _blocks.RemoveExecutor(executorId);
    }

    private void ResubmitFailedStages()
    {
        var stages = _failed.OrderBy(s => s.FirstJobId).ThenBy(s => s.Id).ToArray();
        _failed.Clear();
        foreach (var stage in stages) SubmitStage(stage);
    }

    private void AbortStage(Stage stage, Exception error)
    {
        foreach (var job in _jobs.Values.Where(j => stage.JobIds.Contains(j.JobId)).ToArray()) FailJob(job, error);
    }

    private void FailJob(ActiveJob job, Exception error)
    {
        foreach (var stage in _stages.Values.Where(s => s.JobIds.Contains(job.JobId) && s.JobIds.Count == 1).ToArray())
            if (_running.Contains(stage))
            {
                _taskScheduler.CancelTasks(stage.Id, error.Message);
                _bus?.Post(new Events.StageCompleted(_bus.Now, stage.Id, stage.LatestAttempt, error.Message));
            }
        CleanupJob(job);
        job.Fail(error);
        _bus?.Post(new Events.JobEnded(_bus.Now, job.JobId, false, error.Message));
    }

    private void PostJobStarted(ActiveJob job, IRdd rdd)
    {
        if (_bus is null) return;
        var stages = new SortedSet<int>();
        var pending = new Stack<Stage>([job.FinalStage]);
        while (pending.TryPop(out var stage))
            if (stages.Add(stage.Id))
                foreach (var parent in stage.Parents) pending.Push(parent);
        _bus.Post(new Events.JobStarted(_bus.Now, job.JobId, rdd.Describe(), [.. stages], job.JobGroup, LineagePrinter.Print(rdd)));
    }

    /// <summary>Forgets the job and every stage no other active job needs; shuffle outputs stay for reuse.</summary>
    private void CleanupJob(ActiveJob job)
    {
        _jobs.Remove(job.JobId);
        foreach (var stage in _stages.Values.ToArray())
        {
            if (!stage.JobIds.Remove(job.JobId) || stage.JobIds.Count > 0) continue;
            _stages.Remove(stage.Id);
            _running.Remove(stage);
            _waiting.Remove(stage);
            _failed.Remove(stage);
            if (stage is ShuffleMapStage m && _shuffleStages.GetValueOrDefault(m.Dependency.ShuffleId) == m) _shuffleStages.Remove(m.Dependency.ShuffleId);
        }
    }
}
