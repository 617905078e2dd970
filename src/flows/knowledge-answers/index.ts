/**
 * The knowledge-answers flow's public face (docs/ARCHITECTURE.md): microblog posts proposed as inbox canned replies.
 */
export { knowledgeAnswersRoutes } from './knowledge-answers.routes.js';
export { KnowledgeAnswersFlow, textForCustomers } from './knowledge-answers.service.js';
