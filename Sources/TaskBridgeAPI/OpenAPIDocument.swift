/// The OpenAPI 3.1 document of every route, schema and error, written by hand and served at `/openapi.json`.
///
/// A test checks that its paths and methods are exactly the router's routes, and that it parses. Adding a kind of
/// task means adding its `New…` schema, its `oneOf`/`mapping` entries and its `TaskType` value here.
enum OpenAPIDocument {
    /// The document as JSON text.
    static let json: String = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "TaskBridge API",
    "version": "1.0.0",
    "summary": "File tasks for a team that lives in Trello.",
    "description": "Accepts small JSON tasks, stores them in PostgreSQL and hands them to workers that turn each one into exactly one Trello card.\n\nEvery `/v1` route needs `Authorization: Bearer <token>` (`taskbridge tokens create --name NAME` makes one). Every task is visible to every valid token; idempotency keys belong to the token that sent them. Every error is `application/problem+json` (RFC 9457)."
  },
  "servers": [{ "url": "/" }],
  "tags": [
    { "name": "tasks", "description": "Submit tasks and follow them to their card." },
    { "name": "operations", "description": "Health, readiness, metrics and this document." }
  ],
  "paths": {
    "/v1/tasks": {
      "post": {
        "tags": ["tasks"],
        "operationId": "createTask",
        "summary": "Submit a task",
        "description": "Validates the task, stores it and puts it on the dispatch queue. A bug's title (`bug-{word}-{number}`) is generated here. Unknown fields are refused, never dropped. The response comes only once the task is committed; it is delivered to a worker even if the queue was briefly unreachable.\n\nWith an `Idempotency-Key`, sending the same body again with the same key returns the task made the first time (200, `Idempotent-Replayed: true`) instead of a new one; the same key with another body is a 422 `idempotency-key-reused`. Keys belong to the calling token.\n\nIf the database refuses a task's data although it passed validation, that request alone gets a 422 `task-not-storable`; the requests submitted alongside it are stored as usual.",
        "security": [{ "bearerAuth": [] }],
        "parameters": [{ "$ref": "#/components/parameters/IdempotencyKey" }],
        "requestBody": {
          "required": true,
          "description": "One task, at most 64 KiB. The media type is `application/json` (or a `+json` type), in UTF-8.",
          "content": {
            "application/json": {
              "schema": { "$ref": "#/components/schemas/NewTask" },
              "examples": {
                "issue": { "value": { "type": "issue", "title": "Export fails for large boards", "description": "Exporting a board of 5000 cards times out." } },
                "bug": { "value": { "type": "bug", "description": "The login page is blank in Safari 17." } },
                "task": { "value": { "type": "task", "title": "Rotate the staging certificates", "category": "Maintenance" } }
              }
            }
          }
        },
        "responses": {
          "202": {
            "description": "Stored and queued for a worker.",
            "headers": { "Location": { "$ref": "#/components/headers/Location" } },
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Task" } } },
            "links": {
              "GetTask": { "$ref": "#/components/links/GetTask" },
              "RetryTask": { "$ref": "#/components/links/RetryTask" }
            }
          },
          "200": {
            "description": "An idempotent replay: the task this key made before, as it is now.",
            "headers": {
              "Location": { "$ref": "#/components/headers/Location" },
              "Idempotent-Replayed": { "description": "Always `true` on a replay.", "schema": { "type": "string", "const": "true" } }
            },
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Task" } } },
            "links": {
              "GetTask": { "$ref": "#/components/links/GetTask" },
              "RetryTask": { "$ref": "#/components/links/RetryTask" }
            }
          },
          "400": { "$ref": "#/components/responses/BadRequest" },
          "401": { "$ref": "#/components/responses/Unauthorized" },
          "413": { "$ref": "#/components/responses/BodyTooLarge" },
          "415": { "$ref": "#/components/responses/UnsupportedMediaType" },
          "422": { "$ref": "#/components/responses/ValidationFailed" },
          "503": { "$ref": "#/components/responses/Unavailable" }
        }
      },
      "get": {
        "tags": ["tasks"],
        "operationId": "listTasks",
        "summary": "List tasks, newest first",
        "description": "Keyset pagination: follow `next_cursor` (or `links.next`) until it is null. Filters combine with AND and must stay the same across the pages of one listing.",
        "security": [{ "bearerAuth": [] }],
        "parameters": [
          { "name": "status", "in": "query", "description": "Only tasks in this status.", "schema": { "$ref": "#/components/schemas/TaskStatus" } },
          { "name": "type", "in": "query", "description": "Only tasks of this type.", "schema": { "$ref": "#/components/schemas/TaskType" } },
          { "name": "limit", "in": "query", "description": "Page size.", "schema": { "type": "integer", "minimum": 1, "maximum": 200, "default": 50 } },
          { "name": "cursor", "in": "query", "description": "The `next_cursor` of the previous page; opaque. Empty or absent: the first page. A cursor this API did not hand out (malformed, altered or out of range) is a 400 `invalid-cursor`.", "schema": { "type": "string" } }
        ],
        "responses": {
          "200": { "description": "One page of tasks.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/TaskPage" } } } },
          "400": { "$ref": "#/components/responses/InvalidCursor" },
          "401": { "$ref": "#/components/responses/Unauthorized" },
          "422": { "$ref": "#/components/responses/ValidationFailed" },
          "503": { "$ref": "#/components/responses/Unavailable" }
        }
      }
    },
    "/v1/tasks/{id}": {
      "get": {
        "tags": ["tasks"],
        "operationId": "getTask",
        "summary": "Get a task",
        "description": "The task's status, attempts, next attempt time and last error; once done, its card's id and URL, and whether the reconciler saw the card archived or gone.",
        "security": [{ "bearerAuth": [] }],
        "parameters": [{ "$ref": "#/components/parameters/TaskID" }],
        "responses": {
          "200": {
            "description": "The task.",
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Task" } } },
            "links": { "RetryTask": { "$ref": "#/components/links/RetryTask" } }
          },
          "401": { "$ref": "#/components/responses/Unauthorized" },
          "404": { "$ref": "#/components/responses/NotFound" },
          "503": { "$ref": "#/components/responses/Unavailable" }
        }
      }
    },
    "/v1/tasks/{id}/retry": {
      "post": {
        "tags": ["tasks"],
        "operationId": "retryTask",
        "summary": "Retry a failed task",
        "description": "Moves a `failed` task back to `queued` with its attempts reset, and queues it again. No body.",
        "security": [{ "bearerAuth": [] }],
        "parameters": [{ "$ref": "#/components/parameters/TaskID" }],
        "responses": {
          "202": { "description": "Queued again.", "headers": { "Location": { "$ref": "#/components/headers/Location" } }, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Task" } } } },
          "401": { "$ref": "#/components/responses/Unauthorized" },
          "404": { "$ref": "#/components/responses/NotFound" },
          "409": { "$ref": "#/components/responses/NotRetryable" },
          "503": { "$ref": "#/components/responses/Unavailable" }
        }
      }
    },
    "/healthz": {
      "get": {
        "tags": ["operations"],
        "operationId": "health",
        "summary": "Liveness",
        "description": "200 while the process is alive; it touches neither PostgreSQL nor Redis.",
        "responses": {
          "200": { "description": "Alive.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Health" } } } }
        }
      }
    },
    "/readyz": {
      "get": {
        "tags": ["operations"],
        "operationId": "readiness",
        "summary": "Readiness",
        "description": "Checks PostgreSQL and Redis and reports the worker fleet's state as the workers publish it, within about a second whatever the servers do. The PostgreSQL check takes the lock a task insert takes on `tasks` and `api_tokens` under a short lock timeout, so locked tables count as down. 503 when PostgreSQL or Redis is down, stalled or locked, or the fleet is paused (for example because Trello rejected the credentials); the body names what is wrong.",
        "responses": {
          "200": { "description": "Ready.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Readiness" } } } },
          "503": { "description": "Not ready; `checks` says what is down.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Readiness" } } } }
        }
      }
    },
    "/metrics": {
      "get": {
        "tags": ["operations"],
        "operationId": "metrics",
        "summary": "Prometheus metrics",
        "description": "Requests by method, route and status; request latency histogram; tasks accepted by type; insert batch sizes; enqueue failures.",
        "responses": {
          "200": { "description": "Prometheus text exposition format 0.0.4.", "content": { "text/plain; version=0.0.4": { "schema": { "type": "string" } } } }
        }
      }
    },
    "/openapi.json": {
      "get": {
        "tags": ["operations"],
        "operationId": "openAPIDocument",
        "summary": "This document",
        "responses": {
          "200": { "description": "The OpenAPI 3.1 document.", "content": { "application/json": { "schema": { "type": "object" } } } }
        }
      }
    },
    "/docs": {
      "get": {
        "tags": ["operations"],
        "operationId": "docs",
        "summary": "This document, as a web page",
        "responses": {
          "200": { "description": "A self-contained HTML page.", "content": { "text/html": { "schema": { "type": "string" } } } }
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "bearerAuth": { "type": "http", "scheme": "bearer", "description": "A token from `taskbridge tokens create --name NAME`." }
    },
    "parameters": {
      "TaskID": { "name": "id", "in": "path", "required": true, "description": "The task's id.", "schema": { "type": "string", "format": "uuid" } },
      "IdempotencyKey": { "name": "Idempotency-Key", "in": "header", "required": false, "description": "A string the client makes unique per task, e.g. a UUID: 1 to 255 visible ASCII characters (0x21 to 0x7E; no spaces), bare or as a structured-field string in double quotes. Anything else is a 422 `validation-failed` naming `Idempotency-Key`.", "schema": { "type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$" } }
    },
    "links": {
      "GetTask": { "operationId": "getTask", "parameters": { "id": "$response.body#/id" }, "description": "The task just submitted." },
      "RetryTask": { "operationId": "retryTask", "parameters": { "id": "$response.body#/id" }, "description": "Retry the task once it has failed." }
    },
    "headers": {
      "Location": { "description": "The task's URL.", "schema": { "type": "string", "format": "uri-reference" } }
    },
    "schemas": {
      "NewTask": {
        "description": "A task to file; `type` selects the kind and the fields it takes.",
        "oneOf": [
          { "$ref": "#/components/schemas/NewIssue" },
          { "$ref": "#/components/schemas/NewBug" },
          { "$ref": "#/components/schemas/NewCategorizedTask" }
        ],
        "discriminator": {
          "propertyName": "type",
          "mapping": {
            "issue": "#/components/schemas/NewIssue",
            "bug": "#/components/schemas/NewBug",
            "task": "#/components/schemas/NewCategorizedTask"
          }
        }
      },
      "NewIssue": {
        "type": "object",
        "description": "An issue: a card in the list, unlabelled and unassigned.",
        "required": ["type", "title", "description"],
        "additionalProperties": false,
        "properties": {
          "type": { "const": "issue" },
          "title": { "$ref": "#/components/schemas/Title" },
          "description": { "$ref": "#/components/schemas/Description" }
        }
      },
      "NewBug": {
        "type": "object",
        "description": "A bug: its title is generated (`bug-{word}-{number}`); the card is labelled \"Bug\" and assigned to a random member of the board.",
        "required": ["type", "description"],
        "additionalProperties": false,
        "properties": {
          "type": { "const": "bug" },
          "description": { "$ref": "#/components/schemas/Description" }
        }
      },
      "NewCategorizedTask": {
        "type": "object",
        "description": "A task: the card is labelled with its category.",
        "required": ["type", "title", "category"],
        "additionalProperties": false,
        "properties": {
          "type": { "const": "task" },
          "title": { "$ref": "#/components/schemas/Title" },
          "category": { "$ref": "#/components/schemas/Category" }
        }
      },
      "Title": { "type": "string", "minLength": 1, "maxLength": 512, "pattern": "\\S", "description": "Not blank; at most 512 characters (Unicode code points); no U+0000." },
      "Description": { "type": "string", "minLength": 1, "maxLength": 16384, "pattern": "\\S", "description": "Not blank; at most 16384 characters (Unicode code points), Trello's limit; no U+0000." },
      "Category": { "type": "string", "enum": ["Maintenance", "Research", "Test"] },
      "TaskType": { "type": "string", "enum": ["issue", "bug", "task"] },
      "TaskStatus": {
        "type": "string",
        "enum": ["queued", "dispatching", "retrying", "done", "failed"],
        "description": "`queued` → `dispatching` → `done`; or → `retrying` (until `next_attempt_at`) → `dispatching` …; or → `failed` (a permanent error or attempts exhausted; see `last_error`)."
      },
      "Task": {
        "type": "object",
        "required": ["id", "type", "title", "description", "category", "status", "attempts", "next_attempt_at", "last_error", "card", "created_at", "updated_at", "done_at", "links"],
        "properties": {
          "id": { "type": "string", "format": "uuid" },
          "type": { "$ref": "#/components/schemas/TaskType" },
          "title": { "type": "string" },
          "description": { "type": ["string", "null"] },
          "category": { "oneOf": [{ "$ref": "#/components/schemas/Category" }, { "type": "null" }] },
          "status": { "$ref": "#/components/schemas/TaskStatus" },
          "attempts": { "type": "integer", "minimum": 0, "description": "Dispatch attempts started so far." },
          "next_attempt_at": { "type": ["string", "null"], "format": "date-time", "description": "When a queued or retrying task is next due; null otherwise." },
          "last_error": { "type": ["string", "null"], "description": "Why the last attempt failed." },
          "card": {
            "description": "The Trello card, once done, and what the reconciler last saw of it on the board.",
            "oneOf": [
              {
                "type": "object",
                "required": ["id", "url", "closed", "deleted"],
                "properties": {
                  "id": { "type": "string" },
                  "url": { "type": ["string", "null"], "format": "uri" },
                  "closed": { "type": "boolean", "description": "The card is archived in Trello (normal workflow; never recreated)." },
                  "deleted": { "type": "boolean", "description": "The card is gone from the board: deleted, or moved to another board. With RECONCILE_RECREATE the task is queued again for a new card instead." }
                }
              },
              { "type": "null" }
            ]
          },
          "created_at": { "type": "string", "format": "date-time" },
          "updated_at": { "type": "string", "format": "date-time" },
          "done_at": { "type": ["string", "null"], "format": "date-time" },
          "links": {
            "type": "object",
            "required": ["self"],
            "properties": {
              "self": { "type": "string", "format": "uri-reference" },
              "retry": { "type": "string", "format": "uri-reference", "description": "Present while the task is failed." }
            }
          }
        }
      },
      "TaskPage": {
        "type": "object",
        "required": ["items", "next_cursor", "links"],
        "properties": {
          "items": { "type": "array", "items": { "$ref": "#/components/schemas/Task" } },
          "next_cursor": { "type": ["string", "null"], "description": "Pass as `cursor` for the next page; null on the last page." },
          "links": {
            "type": "object",
            "required": ["self"],
            "properties": {
              "self": { "type": "string", "format": "uri-reference" },
              "next": { "type": "string", "format": "uri-reference" }
            }
          }
        }
      },
      "Problem": {
        "type": "object",
        "description": "RFC 9457 problem details. `type` resolves to the problem's section of /docs.",
        "required": ["type", "title", "status", "detail"],
        "properties": {
          "type": {
            "type": "string",
            "format": "uri-reference",
            "enum": [
              "/docs#problem-validation-failed", "/docs#problem-idempotency-key-reused", "/docs#problem-malformed-json",
              "/docs#problem-bad-request", "/docs#problem-invalid-cursor", "/docs#problem-task-not-storable",
              "/docs#problem-body-too-large", "/docs#problem-unsupported-media-type",
              "/docs#problem-unauthorized", "/docs#problem-not-found", "/docs#problem-method-not-allowed",
              "/docs#problem-task-not-retryable", "/docs#problem-service-unavailable", "/docs#problem-internal-error"
            ]
          },
          "title": { "type": "string" },
          "status": { "type": "integer" },
          "detail": { "type": "string" },
          "errors": { "type": "array", "items": { "$ref": "#/components/schemas/FieldError" } }
        }
      },
      "FieldError": {
        "type": "object",
        "required": ["field", "message", "code"],
        "properties": {
          "field": { "type": ["string", "null"], "description": "The body field, query parameter or header at fault; null for the body as a whole." },
          "message": { "type": "string" },
          "code": {
            "type": "string",
            "description": "A stable reason; more may be added.",
            "examples": ["required", "unknown_field", "not_allowed", "wrong_type", "empty", "too_long", "invalid_character", "not_allowed_value", "not_an_object"]
          }
        }
      },
      "Health": {
        "type": "object",
        "required": ["status"],
        "properties": { "status": { "const": "ok" } }
      },
      "Readiness": {
        "type": "object",
        "required": ["status", "checks"],
        "properties": {
          "status": { "enum": ["ready", "not_ready"] },
          "checks": {
            "type": "object",
            "required": ["postgres", "redis", "fleet"],
            "properties": {
              "postgres": { "$ref": "#/components/schemas/Check" },
              "redis": { "$ref": "#/components/schemas/Check" },
              "fleet": {
                "type": "object",
                "required": ["status", "state"],
                "description": "What the workers publish in Redis; `unknown` before any worker has, or while Redis is down.",
                "properties": {
                  "status": { "enum": ["up", "down"] },
                  "state": { "type": "string", "examples": ["running", "paused", "unknown"] },
                  "reason": { "type": ["string", "null"] },
                  "since": { "type": ["string", "null"], "format": "date-time" }
                }
              }
            }
          }
        }
      },
      "Check": {
        "type": "object",
        "required": ["status"],
        "properties": {
          "status": { "enum": ["up", "down"] },
          "detail": { "type": "string" }
        }
      }
    },
    "responses": {
      "InvalidCursor": { "description": "The cursor is not one this API handed out (`invalid-cursor`); start the listing again without it.", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } },
      "BadRequest": { "description": "The body is not valid JSON (`malformed-json`).", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } },
      "Unauthorized": {
        "description": "No bearer token, or an unknown or revoked one (`unauthorized`).",
        "headers": { "WWW-Authenticate": { "description": "`Bearer realm=\"taskbridge\"`", "schema": { "type": "string" } } },
        "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } }
      },
      "NotFound": { "description": "No task with this id (`not-found`).", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } },
      "NotRetryable": { "description": "The task is not failed (`task-not-retryable`).", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } },
      "BodyTooLarge": { "description": "The body is over 64 KiB (`body-too-large`).", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } },
      "UnsupportedMediaType": { "description": "The body is not JSON (`unsupported-media-type`).", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } },
      "ValidationFailed": {
        "description": "Every problem with the fields, query parameters or Idempotency-Key (`validation-failed`), a reused idempotency key (`idempotency-key-reused`), or data the database refused (`task-not-storable`).",
        "content": {
          "application/problem+json": {
            "schema": { "$ref": "#/components/schemas/Problem" },
            "example": {
              "type": "/docs#problem-validation-failed",
              "title": "The request is not valid",
              "status": 422,
              "detail": "The request has 2 problems; see errors.",
              "errors": [
                { "field": "title", "message": "is required", "code": "required" },
                { "field": "tittle", "message": "unknown field for type issue", "code": "unknown_field" }
              ]
            }
          }
        }
      },
      "Unavailable": {
        "description": "PostgreSQL cannot be reached or did not answer in time (a statement, lock or pool timeout), or the request ran past its deadline (`REQUEST_TIMEOUT_MS`, 5 s by default) and was given up (`service-unavailable`). Retry after `Retry-After` seconds; a task sent with an `Idempotency-Key` can be retried with the same key safely.",
        "headers": { "Retry-After": { "description": "Seconds to wait.", "schema": { "type": "integer" } } },
        "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } }
      }
    }
  }
}
"""#
}
