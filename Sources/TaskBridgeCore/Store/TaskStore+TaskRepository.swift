/// The API's tasks in PostgreSQL.
extension TaskStore: TaskRepository {}
