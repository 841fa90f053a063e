/// The API's queue is the Redis stream the workers read.
extension DispatchStream: TaskQueue {}
