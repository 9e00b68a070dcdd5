/*
 * libFuzzer harness for the plan decoder (src/main/c/plan.c). Any crash, sanitizer report
 * (ASan, UBSan) or leak fails; so does a decoded plan that breaks the invariants the shim relies
 * on, or a rejection offset past the end of the buffer. Built and run by fuzz.sh.
 */
#include <stddef.h>
#include <stdint.h>

#include "plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct plan plan;
    uint32_t bad = 0;
    enum plan_reason r = plan_decode(data, size, &plan, &bad);
    if (r != PLAN_OK) {
        if (r > PLAN_BAD_STRUCTURE || bad > size || plan.steps != NULL) {
            __builtin_trap();
        }
        return 0;
    }
    if (plan.count < 2 || plan.steps[0].op != OP_CLONE_FLAGS || plan.steps[plan.count - 1].op != OP_EXEC
        || (plan.clone_flags & ~PLAN_ALLOWED_CLONE_FLAGS) != 0) {
        __builtin_trap();
    }
    const struct plan_step *exec = &plan.steps[plan.count - 1];
    if (exec->str[0] == NULL || exec->argv == NULL || exec->argv[0] == NULL || exec->envp == NULL) {
        __builtin_trap();
    }
    for (uint32_t i = 1; i + 1 < plan.count; i++) {
        const struct plan_step *s = &plan.steps[i];
        if (s->op == OP_CLONE_FLAGS || s->op == OP_EXEC) {
            __builtin_trap();
        }
        if ((s->op == OP_SECCOMP || s->op == OP_SECCOMP_TRACE)
            && (s->bytes == NULL || s->bytes_len == 0 || s->bytes_len % 8 != 0)) {
            __builtin_trap();
        }
        for (uint32_t k = 0; s->op == OP_LANDLOCK_NET && k < s->count; k++) {
            if (s->rules[k].port > PLAN_MAX_PORT || s->rules[k].access == 0
                || (s->rules[k].access & ~s->u64[0]) != 0) {
                __builtin_trap();
            }
        }
    }
    plan_free(&plan);
    return 0;
}
